//! Strings of stacking pathways: the public list and page, the learner's progress and the
//! provider's definitions.

use model::UiLang;

#[derive(Debug)]
pub struct PathwayText {
    pub list_title: &'static str,
    pub list_intro: &'static str,
    pub none: &'static str,
    pub owner: &'static str,
    pub awards: &'static str,
    /// On an offering's page: the pathways its credential counts toward.
    pub counts_toward: &'static str,
    /// On the awarded offering's page.
    pub awarded_by: &'static str,
    pub requirements: &'static str,
    /// "All of: {}".
    pub all_of: &'static str,
    /// "At least {n} of: {}".
    pub at_least_of: &'static str,
    pub any_credentials: &'static str,
    /// "{} credentials".
    pub credentials_count: &'static str,
    /// "worth at least {} ECTS".
    pub ects_at_least: &'static str,
    /// "at EQF level {} or higher".
    pub eqf_at_least: &'static str,
    /// "in the field(s) {}".
    pub in_fields: &'static str,
    /// "issued in the last {} years".
    pub within_years: &'static str,
    /// "issued by {}".
    pub issued_by: &'static str,
    pub any_trusted: &'static str,
    pub your_progress: &'static str,
    pub met: &'static str,
    pub not_met: &'static str,
    pub counted: &'static str,
    /// "still needed: {}".
    pub still_needed: &'static str,
    /// "{} ECTS still needed".
    pub ects_missing: &'static str,
    pub complete: &'static str,
    pub withdrawn: &'static str,
    pub wallet_heading: &'static str,
    pub wallet_intro: &'static str,
    /// "{met} of {all} requirements met".
    pub requirements_met: &'static str,
    pub admin_title: &'static str,
    pub admin_intro: &'static str,
    pub define: &'static str,
    pub rules_label: &'static str,
    pub rules_hint: &'static str,
    pub save: &'static str,
    pub created: &'static str,
    pub withdraw: &'static str,
    pub view_all: &'static str,
}

const NL: PathwayText = PathwayText {
    list_title: "Leerpaden",
    list_intro: "Microcredentials die samen een groter geheel vormen: wie aan de vereisten van een leerpad voldoet, krijgt de microcredential waartoe het leidt.",
    none: "Nog geen leerpaden.",
    owner: "Van",
    awards: "Leidt tot",
    counts_toward: "Telt mee voor het leerpad",
    awarded_by: "Uitgereikt na het leerpad",
    requirements: "Vereisten",
    all_of: "Alle: {}",
    at_least_of: "Minstens {n} van: {}",
    any_credentials: "microcredentials",
    credentials_count: "{} microcredentials",
    ects_at_least: "samen minstens {} studiepunten",
    eqf_at_least: "op EQF-niveau {} of hoger",
    in_fields: "in het studiegebied {}",
    within_years: "uitgereikt in de laatste {} jaar",
    issued_by: "uitgereikt door {}",
    any_trusted: "uitgereikt door een erkende uitgever",
    your_progress: "Jouw voortgang",
    met: "voldaan",
    not_met: "nog niet voldaan",
    counted: "telt mee",
    still_needed: "nog nodig: {}",
    ects_missing: "nog {} studiepunten nodig",
    complete: "Je voldoet aan alle vereisten van dit leerpad.",
    withdrawn: "Dit leerpad is ingetrokken.",
    wallet_heading: "Leerpaden",
    wallet_intro: "Leerpaden waarvoor je microcredentials meetellen, en wat nog ontbreekt.",
    requirements_met: "{met} van {all} vereisten voldaan",
    admin_title: "Leerpaden",
    admin_intro: "Leerpaden van deze aanbieder: welke microcredentials samen leiden tot een microcredential van een eigen aanbod. De regels zijn JSON; elk probleem wordt bij zijn vereiste genoemd.",
    define: "Een leerpad bepalen",
    rules_label: "Regels (JSON)",
    rules_hint: "name, description, awards (een eigen aanbod), requirements: {\"kind\": \"offerings\", \"offerings\": [...], \"at_least\": N} of {\"kind\": \"credentials\", \"min_credentials\", \"min_ects\", \"min_eqf\", \"fields\", \"within_years\", \"issuers\"}.",
    save: "Leerpad bewaren",
    created: "Het leerpad is bewaard.",
    withdraw: "Intrekken",
    view_all: "Alle leerpaden",
};

const EN: PathwayText = PathwayText {
    list_title: "Pathways",
    list_intro: "Micro-credentials that stack into something larger: whoever meets a pathway's requirements gets the micro-credential it leads to.",
    none: "No pathways yet.",
    owner: "By",
    awards: "Leads to",
    counts_toward: "Counts toward the pathway",
    awarded_by: "Awarded on completing the pathway",
    requirements: "Requirements",
    all_of: "All of: {}",
    at_least_of: "At least {n} of: {}",
    any_credentials: "micro-credentials",
    credentials_count: "{} micro-credentials",
    ects_at_least: "worth at least {} ECTS together",
    eqf_at_least: "at EQF level {} or higher",
    in_fields: "in the field {}",
    within_years: "issued in the last {} years",
    issued_by: "issued by {}",
    any_trusted: "issued by a recognised issuer",
    your_progress: "Your progress",
    met: "met",
    not_met: "not met yet",
    counted: "counts",
    still_needed: "still needed: {}",
    ects_missing: "{} ECTS still needed",
    complete: "You meet every requirement of this pathway.",
    withdrawn: "This pathway is withdrawn.",
    wallet_heading: "Pathways",
    wallet_intro: "Pathways your micro-credentials count toward, and what is still missing.",
    requirements_met: "{met} of {all} requirements met",
    admin_title: "Pathways",
    admin_intro: "This provider's pathways: which micro-credentials together lead to a micro-credential of one of its own offerings. The rules are JSON; every problem is named with its requirement.",
    define: "Define a pathway",
    rules_label: "Rules (JSON)",
    rules_hint: "name, description, awards (an offering of your own), requirements: {\"kind\": \"offerings\", \"offerings\": [...], \"at_least\": N} or {\"kind\": \"credentials\", \"min_credentials\", \"min_ects\", \"min_eqf\", \"fields\", \"within_years\", \"issuers\"}.",
    save: "Save pathway",
    created: "The pathway is saved.",
    withdraw: "Withdraw",
    view_all: "All pathways",
};

pub fn pathway_text(lang: UiLang) -> &'static PathwayText {
    if lang == UiLang::Nl { &NL } else { &EN }
}
