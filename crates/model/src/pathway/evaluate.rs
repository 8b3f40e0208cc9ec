//! A pathway's rules over the credentials a learner holds: which requirement each credential
//! meets, what is still missing, whether the pathway is complete (the rules are in `mod.rs`).

use serde::Serialize;
use time::Date;

use super::{PathwayRules, Requirement};
use crate::{OfferingId, ProviderId};

/// Who issued a held credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Issuer {
    /// A provider of this register.
    Provider { id: ProviderId },
    /// An issuer elsewhere (an imported credential), on the trust list or not.
    External { id: String, trusted: bool },
}

/// A credential as the rules see it: issued here or imported, with what its verification said.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct HeldCredential {
    /// `urn:uuid:…` for one issued here, the import's id for an imported one.
    pub id: String,
    /// The offering it was issued for, when issued here.
    pub offering: Option<OfferingId>,
    pub issuer: Issuer,
    pub ects: Option<f64>,
    pub eqf: Option<u8>,
    /// ISCED-F code of its field.
    pub field: Option<String>,
    #[schemars(with = "String")]
    pub issued_on: Date,
    #[schemars(with = "Option<String>")]
    pub valid_until: Option<Date>,
    /// Neither suspended nor revoked.
    pub active: bool,
    /// Its signature and issuer checks passed.
    pub verified: bool,
}

impl HeldCredential {
    /// Whether it counts at all on `today`.
    pub fn counts(&self, today: Date) -> bool {
        self.active && self.verified && self.valid_until.is_none_or(|until| until >= today)
    }

    fn trusted(&self) -> bool {
        match &self.issuer {
            Issuer::Provider { .. } => true,
            Issuer::External { trusted, .. } => *trusted,
        }
    }
}

/// How far one requirement is met.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct RequirementProgress {
    pub met: bool,
    /// The credentials counted toward it.
    pub counted: Vec<String>,
    /// Offerings whose credential is still wanted (an `Offerings` requirement; with
    /// `at_least`, any `still_needed` of them).
    pub missing_offerings: Vec<OfferingId>,
    /// Credentials still needed.
    pub still_needed: u32,
    /// ECTS still needed (a `Credentials` requirement with `min_ects`).
    pub ects_missing: f64,
}

/// A learner's progress on a pathway.
#[derive(Debug, Clone, PartialEq, Serialize, schemars::JsonSchema)]
pub struct Progress {
    pub complete: bool,
    pub requirements: Vec<RequirementProgress>,
    /// ECTS of every credential counted.
    pub ects: f64,
}

fn in_fields(field: Option<&str>, fields: &[String]) -> bool {
    fields.is_empty()
        || field.is_some_and(|field| {
            fields
                .iter()
                .any(|wanted| field.starts_with(wanted.as_str()))
        })
}

/// Whether `credential` meets a `Credentials` requirement's conditions on `today`.
fn meets_conditions(credential: &HeldCredential, requirement: &Requirement, today: Date) -> bool {
    let Requirement::Credentials {
        min_eqf,
        fields,
        within_years,
        issuers,
        ..
    } = requirement
    else {
        return false;
    };
    let issuer_ok = if issuers.is_empty() {
        credential.trusted()
    } else {
        matches!(&credential.issuer, Issuer::Provider { id } if issuers.contains(id))
    };
    let recent = within_years.is_none_or(|years| {
        let cutoff = today
            .replace_year(today.year() - years as i32)
            .unwrap_or_else(|_| today - time::Duration::days(365 * i64::from(years)));
        credential.issued_on >= cutoff
    });
    issuer_ok
        && recent
        && min_eqf.is_none_or(|level| credential.eqf.is_some_and(|eqf| eqf >= level))
        && in_fields(credential.field.as_deref(), fields)
}

/// Evaluates `rules` over `held` on `today`.
pub fn evaluate(rules: &PathwayRules, held: &[HeldCredential], today: Date) -> Progress {
    let mut usable: Vec<&HeldCredential> = held.iter().filter(|c| c.counts(today)).collect();
    usable.sort_by(|a, b| a.issued_on.cmp(&b.issued_on).then_with(|| a.id.cmp(&b.id)));
    let mut used = vec![false; usable.len()];
    let mut requirements = Vec::with_capacity(rules.requirements.len());
    let mut total_ects = 0.0;
    for requirement in &rules.requirements {
        let mut progress = RequirementProgress {
            met: false,
            counted: Vec::new(),
            missing_offerings: Vec::new(),
            still_needed: 0,
            ects_missing: 0.0,
        };
        match requirement {
            Requirement::Offerings {
                offerings,
                at_least,
                ..
            } => {
                let wanted = at_least.map_or(offerings.len(), |n| n as usize);
                let mut have = 0usize;
                for offering in offerings {
                    let found = (0..usable.len()).find(|&index| {
                        !used[index] && usable[index].offering.as_ref() == Some(offering)
                    });
                    match found {
                        Some(index) if have < wanted => {
                            used[index] = true;
                            have += 1;
                            progress.counted.push(usable[index].id.clone());
                            total_ects += usable[index].ects.unwrap_or(0.0);
                        }
                        Some(_) => {}
                        None => progress.missing_offerings.push(offering.clone()),
                    }
                }
                progress.still_needed =
                    u32::try_from(wanted.saturating_sub(have)).unwrap_or(u32::MAX);
                progress.met = have >= wanted;
                if progress.met {
                    progress.missing_offerings.clear();
                }
            }
            Requirement::Credentials {
                min_credentials,
                min_ects,
                ..
            } => {
                let want_count = min_credentials.unwrap_or(0) as usize;
                let want_ects = min_ects.unwrap_or(0.0);
                let (mut count, mut ects) = (0usize, 0.0f64);
                for index in 0..usable.len() {
                    if count >= want_count && ects >= want_ects {
                        break;
                    }
                    if used[index] || !meets_conditions(usable[index], requirement, today) {
                        continue;
                    }
                    used[index] = true;
                    count += 1;
                    ects += usable[index].ects.unwrap_or(0.0);
                    progress.counted.push(usable[index].id.clone());
                }
                total_ects += ects;
                progress.met = count >= want_count && ects >= want_ects;
                progress.still_needed =
                    u32::try_from(want_count.saturating_sub(count)).unwrap_or(u32::MAX);
                progress.ects_missing = (want_ects - ects).max(0.0);
            }
        }
        requirements.push(progress);
    }
    Progress {
        complete: requirements.iter().all(|requirement| requirement.met),
        requirements,
        ects: total_ects,
    }
}
