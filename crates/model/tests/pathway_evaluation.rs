//! Pathway evaluation (issue 12) against an independent evaluation of the same written rules
//! over generated pathways and wallets — revoked, suspended, expired, imported (trusted or not)
//! and unverifiable credentials among them — and a few cases worked by hand.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use model::pathway::{HeldCredential, Issuer, PathwayRules, Requirement, evaluate};
use model::{LangText, OfferingId, ProviderId};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use time::{Date, Duration, macros::date};

const TODAY: Date = date!(2026 - 06 - 01);

fn offering(n: usize) -> OfferingId {
    OfferingId::parse(&format!("of-{n}")).unwrap()
}

fn provider(n: usize) -> ProviderId {
    ProviderId::parse(&format!("provider-{n}")).unwrap()
}

fn label() -> LangText {
    LangText::one("en", "requirement")
}

fn rules(requirements: Vec<Requirement>) -> PathwayRules {
    PathwayRules {
        name: LangText::one("en", "Pathway"),
        description: LangText::default(),
        awards: offering(99),
        requirements,
        automatic: false,
    }
}

fn issued(
    id: &str,
    offering_n: usize,
    provider_n: usize,
    ects: f64,
    issued_on: Date,
) -> HeldCredential {
    HeldCredential {
        id: id.to_owned(),
        offering: Some(offering(offering_n)),
        issuer: Issuer::Provider {
            id: provider(provider_n),
        },
        ects: Some(ects),
        eqf: Some(5),
        field: Some("0613".to_owned()),
        issued_on,
        valid_until: None,
        active: true,
        verified: true,
    }
}

#[test]
fn worked_cases() {
    let two_of_three = rules(vec![Requirement::Offerings {
        label: label(),
        offerings: vec![offering(1), offering(2), offering(3)],
        at_least: Some(2),
    }]);
    let one = issued("a", 1, 1, 3.0, date!(2025 - 01 - 01));
    let progress = evaluate(&two_of_three, std::slice::from_ref(&one), TODAY);
    assert!(!progress.complete);
    assert_eq!(progress.requirements[0].still_needed, 1);
    assert_eq!(
        progress.requirements[0].missing_offerings,
        vec![offering(2), offering(3)]
    );
    let two = issued("b", 3, 1, 4.0, date!(2025 - 02 - 01));
    let progress = evaluate(&two_of_three, &[one.clone(), two.clone()], TODAY);
    assert!(progress.complete);
    assert_eq!(progress.ects, 7.0);
    assert!(progress.requirements[0].missing_offerings.is_empty());

    // Revoked, unverified or expired: not counted.
    let mut revoked = two.clone();
    revoked.active = false;
    let mut forged = two.clone();
    forged.verified = false;
    let mut expired = two.clone();
    expired.valid_until = Some(TODAY - Duration::days(1));
    for bad in [revoked, forged, expired] {
        assert!(!evaluate(&two_of_three, &[one.clone(), bad], TODAY).complete);
    }

    // One credential counts once: a second requirement does not reuse it.
    let twice = rules(vec![
        Requirement::Offerings {
            label: label(),
            offerings: vec![offering(1)],
            at_least: None,
        },
        Requirement::Credentials {
            label: label(),
            min_credentials: Some(1),
            min_ects: None,
            min_eqf: None,
            fields: vec![],
            within_years: None,
            issuers: vec![],
        },
    ]);
    let progress = evaluate(&twice, std::slice::from_ref(&one), TODAY);
    assert!(!progress.complete);
    assert_eq!(progress.requirements[1].still_needed, 1);

    // ECTS in a field, recent, from a trusted issuer: an untrusted import does not count.
    let ects = rules(vec![Requirement::Credentials {
        label: label(),
        min_credentials: None,
        min_ects: Some(6.0),
        min_eqf: Some(5),
        fields: vec!["061".to_owned()],
        within_years: Some(3),
        issuers: vec![],
    }]);
    let mut untrusted = issued("imp-1", 5, 1, 10.0, date!(2025 - 05 - 01));
    untrusted.offering = None;
    untrusted.issuer = Issuer::External {
        id: "did:web:elsewhere.example".to_owned(),
        trusted: false,
    };
    let progress = evaluate(&ects, &[one.clone(), untrusted.clone()], TODAY);
    assert_eq!(progress.requirements[0].ects_missing, 3.0);
    untrusted.issuer = Issuer::External {
        id: "did:web:elsewhere.example".to_owned(),
        trusted: true,
    };
    assert!(evaluate(&ects, &[one.clone(), untrusted], TODAY).complete);
    let old = issued("old", 4, 1, 10.0, date!(2022 - 05 - 31));
    assert!(
        !evaluate(&ects, &[old], TODAY).complete,
        "issued more than three years ago"
    );

    // The rules' own problems are named.
    let bad = rules(vec![Requirement::Offerings {
        label: label(),
        offerings: vec![offering(1), offering(1)],
        at_least: Some(3),
    }]);
    let problems = bad.problems().join("; ");
    assert!(
        problems.contains("twice") && problems.contains("at_least"),
        "{problems}"
    );
    assert!(two_of_three.problems().is_empty());
}

/// The same rules, written again from their description: for each requirement in order, the
/// credentials still free that it takes.
fn independent(
    rules: &PathwayRules,
    held: &[HeldCredential],
    today: Date,
) -> (bool, Vec<Vec<String>>, Vec<u32>, Vec<f64>) {
    let mut free: Vec<HeldCredential> = held
        .iter()
        .filter(|c| c.active && c.verified && c.valid_until.map(|d| d >= today).unwrap_or(true))
        .cloned()
        .collect();
    free.sort_by_key(|c| (c.issued_on, c.id.clone()));
    let (mut counted, mut needed, mut ects_missing, mut complete) = (vec![], vec![], vec![], true);
    for requirement in &rules.requirements {
        let mut taken: Vec<HeldCredential> = vec![];
        match requirement {
            Requirement::Offerings {
                offerings,
                at_least,
                ..
            } => {
                let wanted = at_least.map(|n| n as usize).unwrap_or(offerings.len());
                for wanted_offering in offerings {
                    if taken.len() == wanted {
                        break;
                    }
                    if let Some(position) = free
                        .iter()
                        .position(|c| c.offering.as_ref() == Some(wanted_offering))
                    {
                        taken.push(free.remove(position));
                    }
                }
                needed.push((wanted - taken.len()) as u32);
                ects_missing.push(0.0);
                complete &= taken.len() == wanted;
            }
            Requirement::Credentials {
                min_credentials,
                min_ects,
                min_eqf,
                fields,
                within_years,
                issuers,
                ..
            } => {
                let (count, ects) = (
                    min_credentials.unwrap_or(0) as usize,
                    min_ects.unwrap_or(0.0),
                );
                let mut sum = 0.0;
                let mut rest = vec![];
                for c in free.drain(..) {
                    let enough = taken.len() >= count && sum >= ects;
                    let by_issuer = if issuers.is_empty() {
                        !matches!(c.issuer, Issuer::External { trusted: false, .. })
                    } else {
                        match &c.issuer {
                            Issuer::Provider { id } => issuers.contains(id),
                            Issuer::External { .. } => false,
                        }
                    };
                    let in_field = fields.is_empty()
                        || c.field
                            .as_ref()
                            .map(|f| fields.iter().any(|w| f.starts_with(w)))
                            .unwrap_or(false);
                    let level = min_eqf
                        .map(|l| c.eqf.map(|e| e >= l).unwrap_or(false))
                        .unwrap_or(true);
                    let recent = within_years
                        .map(|y| {
                            let cutoff = Date::from_calendar_date(
                                today.year() - y as i32,
                                today.month(),
                                today.day(),
                            )
                            .unwrap_or(today - Duration::days(365 * i64::from(y)));
                            c.issued_on >= cutoff
                        })
                        .unwrap_or(true);
                    if !enough && by_issuer && in_field && level && recent {
                        sum += c.ects.unwrap_or(0.0);
                        taken.push(c);
                    } else {
                        rest.push(c);
                    }
                }
                free = rest;
                needed.push(count.saturating_sub(taken.len()) as u32);
                ects_missing.push((ects - sum).max(0.0));
                complete &= taken.len() >= count && sum >= ects;
            }
        }
        counted.push(taken.into_iter().map(|c| c.id).collect());
    }
    (complete, counted, needed, ects_missing)
}

fn generated_requirement(rng: &mut StdRng) -> Requirement {
    if rng.random_range(0..2) == 0 {
        let offerings: Vec<OfferingId> = (1..=6)
            .filter(|_| rng.random_range(0..2) == 0)
            .map(offering)
            .collect();
        let offerings = if offerings.is_empty() {
            vec![offering(1)]
        } else {
            offerings
        };
        let at_least =
            (rng.random_range(0..2) == 0).then(|| rng.random_range(1..=offerings.len() as u32));
        Requirement::Offerings {
            label: label(),
            offerings,
            at_least,
        }
    } else {
        Requirement::Credentials {
            label: label(),
            min_credentials: (rng.random_range(0..2) == 0).then(|| rng.random_range(1..4)),
            min_ects: (rng.random_range(0..2) == 0).then(|| f64::from(rng.random_range(1..20u32))),
            min_eqf: (rng.random_range(0..3) == 0).then(|| rng.random_range(3..8u8)),
            fields: match rng.random_range(0..3) {
                0 => vec![],
                1 => vec!["06".to_owned()],
                _ => vec!["0613".to_owned(), "041".to_owned()],
            },
            within_years: (rng.random_range(0..3) == 0).then(|| rng.random_range(1..6)),
            issuers: match rng.random_range(0..3) {
                0 => vec![provider(1)],
                _ => vec![],
            },
        }
    }
}

fn generated_credential(rng: &mut StdRng, n: usize) -> HeldCredential {
    let imported = rng.random_range(0..4) == 0;
    HeldCredential {
        id: format!("c{n}"),
        offering: (!imported).then(|| offering(rng.random_range(1..=7))),
        issuer: if imported {
            Issuer::External {
                id: format!("did:web:issuer{}.example", rng.random_range(0..3)),
                trusted: rng.random_range(0..2) == 0,
            }
        } else {
            Issuer::Provider {
                id: provider(rng.random_range(1..=3)),
            }
        },
        ects: (rng.random_range(0..6) != 0).then(|| f64::from(rng.random_range(1..=10u32))),
        eqf: (rng.random_range(0..6) != 0).then(|| rng.random_range(2..=8u8)),
        field: ["0613", "0611", "0412", "0715", "06"]
            .get(rng.random_range(0..6))
            .map(|f| (*f).to_owned()),
        issued_on: TODAY - Duration::days(rng.random_range(0..3000)),
        valid_until: (rng.random_range(0..5) == 0)
            .then(|| TODAY + Duration::days(rng.random_range(-400..400))),
        active: rng.random_range(0..8) != 0,
        verified: rng.random_range(0..10) != 0,
    }
}

#[test]
fn evaluation_agrees_with_an_independent_one_over_generated_wallets() {
    let mut rng = StdRng::seed_from_u64(0x5eed_2026);
    let (mut complete, mut cases) = (0, 0);
    for _ in 0..3000 {
        let requirements = (0..rng.random_range(1..=4))
            .map(|_| generated_requirement(&mut rng))
            .collect();
        let pathway = rules(requirements);
        let held: Vec<HeldCredential> = (0..rng.random_range(0..12))
            .map(|n| generated_credential(&mut rng, n))
            .collect();
        let progress = evaluate(&pathway, &held, TODAY);
        let (done, counted, needed, ects_missing) = independent(&pathway, &held, TODAY);
        assert_eq!(progress.complete, done, "{pathway:?}\n{held:?}");
        for (index, requirement) in progress.requirements.iter().enumerate() {
            assert_eq!(
                requirement.counted, counted[index],
                "requirement {index}: {pathway:?}\n{held:?}"
            );
            assert_eq!(
                requirement.still_needed, needed[index],
                "requirement {index}"
            );
            assert!(
                (requirement.ects_missing - ects_missing[index]).abs() < 1e-9,
                "requirement {index}"
            );
            assert_eq!(
                requirement.met,
                requirement.still_needed == 0 && requirement.ects_missing == 0.0
            );
        }
        complete += usize::from(done);
        cases += 1;
    }
    // The generator reaches both answers often enough for the comparison to mean something.
    assert!(
        complete > cases / 20 && complete < cases * 19 / 20,
        "{complete} of {cases} complete"
    );
}
