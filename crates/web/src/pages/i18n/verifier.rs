//! Strings of the verifier's pages: asking a wallet for a micro-credential (OpenID4VP).

use model::UiLang;

#[derive(Debug)]
pub struct VerifierText {
    /// The verification page's link here.
    pub link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub provider: &'static str,
    pub any_provider: &'static str,
    pub offering: &'static str,
    pub offering_hint: &'static str,
    pub eqf_level: &'static str,
    pub any_level: &'static str,
    pub ask_name: &'static str,
    pub ask_grade: &'static str,
    pub purpose: &'static str,
    pub purpose_hint: &'static str,
    pub purpose_label: &'static str,
    pub create: &'static str,
    pub request_title: &'static str,
    pub scan: &'static str,
    pub keep_link: &'static str,
    pub expires: &'static str,
    pub pending: &'static str,
    pub verified: &'static str,
    pub failed: &'static str,
    pub expired: &'static str,
    pub asked: &'static str,
    pub answered_at: &'static str,
    pub format: &'static str,
    pub checks: &'static str,
    pub says: &'static str,
    pub new_request: &'static str,
    pub refresh: &'static str,
    /// Labels of what a presented credential says, by claim.
    pub claim_labels: [(&'static str, &'static str); 8],
}

const NL: VerifierText = VerifierText {
    link: "Of vraag een microcredential aan een wallet (OpenID4VP)",
    title: "Een microcredential vragen aan een wallet",
    intro: "Vraag een lerende om een microcredential uit hun digitale wallet (EU Digital Identity Wallet of een andere wallet die OpenID4VP spreekt): de lerende scant de QR-code, kiest wat ze tonen, en u ziet hier het resultaat van elke controle. Niemand anders ziet het resultaat; het wordt een dag na het verlopen van de vraag gewist.",
    provider: "Van aanbieder",
    any_provider: "elke aanbieder",
    offering: "Van aanbod (id)",
    offering_hint: "Laat leeg voor elk aanbod; het id staat in de adresbalk van het aanbod.",
    eqf_level: "EQF-niveau",
    any_level: "elk niveau",
    ask_name: "Vraag de naam van de lerende",
    ask_grade: "Vraag het resultaat (cijfer)",
    purpose: "Waarom u het vraagt (niet verplicht)",
    purpose_hint: "Voor uw eigen overzicht; ten hoogste 200 tekens.",
    purpose_label: "Doel",
    create: "QR-code maken",
    request_title: "Vraag om een microcredential",
    scan: "Laat de lerende deze QR-code scannen met hun wallet, of open de link op hun toestel.",
    keep_link: "Bewaar het adres van deze pagina: alleen wie het heeft, ziet het resultaat.",
    expires: "Geldig tot",
    pending: "Wacht op een antwoord van een wallet…",
    verified: "Geverifieerd",
    failed: "Een wallet antwoordde, maar de verificatie faalde. De vraag blijft open.",
    expired: "Verlopen",
    asked: "Gevraagd",
    answered_at: "Beantwoord op",
    format: "Vorm",
    checks: "Controles",
    says: "Wat de microcredential zegt",
    new_request: "Nieuwe vraag",
    refresh: "Vernieuwen",
    claim_labels: [
        ("title", "Titel"),
        ("issuer", "Aanbieder"),
        ("achievement", "Behaalde eenheid"),
        ("ects", "ECTS-studiepunten"),
        ("eqf_level", "EQF-niveau"),
        ("assessment_date", "Beoordeeld op"),
        ("learner", "Lerende"),
        ("grade", "Resultaat"),
    ],
};

const EN: VerifierText = VerifierText {
    link: "Or ask a wallet for a micro-credential (OpenID4VP)",
    title: "Ask a wallet for a micro-credential",
    intro: "Ask a learner for a micro-credential from their digital wallet (an EU Digital Identity Wallet or any wallet that speaks OpenID4VP): the learner scans the QR code, chooses what to show, and you see the result of every check here. No one else sees the result; it is erased one day after the request expired.",
    provider: "From provider",
    any_provider: "any provider",
    offering: "Of offering (id)",
    offering_hint: "Leave empty for any offering; the id is in the address bar of the offering's page.",
    eqf_level: "EQF level",
    any_level: "any level",
    ask_name: "Ask for the learner's name",
    ask_grade: "Ask for the grade",
    purpose: "Why you ask (optional)",
    purpose_hint: "For your own records; at most 200 characters.",
    purpose_label: "Purpose",
    create: "Make the QR code",
    request_title: "Request for a micro-credential",
    scan: "Have the learner scan this QR code with their wallet, or open the link on their device.",
    keep_link: "Keep this page's address: only whoever has it sees the result.",
    expires: "Valid until",
    pending: "Waiting for a wallet to answer…",
    verified: "Verified",
    failed: "A wallet answered, but verification failed. The request stays open.",
    expired: "Expired",
    asked: "Asked for",
    answered_at: "Answered at",
    format: "Format",
    checks: "Checks",
    says: "What the micro-credential says",
    new_request: "New request",
    refresh: "Refresh",
    claim_labels: [
        ("title", "Title"),
        ("issuer", "Provider"),
        ("achievement", "Achievement"),
        ("ects", "ECTS credits"),
        ("eqf_level", "EQF level"),
        ("assessment_date", "Assessed on"),
        ("learner", "Learner"),
        ("grade", "Grade"),
    ],
};

pub fn verifier_text(lang: UiLang) -> &'static VerifierText {
    if lang == UiLang::Nl { &NL } else { &EN }
}

/// Strings of the consent page of OpenID4VCI's authorization code flow.
#[derive(Debug)]
pub struct AuthorizeText {
    pub title: &'static str,
    /// "{client} asks for …": the client id and the site or app it returns to follow.
    pub asks: &'static str,
    pub returns_to: &'static str,
    pub format_sd_jwt: &'static str,
    pub format_ldp: &'static str,
    pub choose: &'static str,
    pub allow: &'static str,
    pub deny: &'static str,
    pub none: &'static str,
    pub bad_request: &'static str,
    pub onward_title: &'static str,
    pub onward_text: &'static str,
    pub onward_link: &'static str,
}

const AUTHORIZE_NL: AuthorizeText = AuthorizeText {
    title: "Een wallet vraagt een microcredential",
    asks: "De wallet-app {} vraagt een van je microcredentials, gebonden aan een sleutel in die app.",
    returns_to: "Na je toestemming gaat het bewijs naar",
    format_sd_jwt: "Als SD-JWT VC (EU Digital Identity Wallet): je kiest later telkens wat je toont.",
    format_ldp: "Als Open Badges 3.0-credential.",
    choose: "Welk bewijs?",
    allow: "Toestaan",
    deny: "Weigeren",
    none: "Je hebt geen geldig bewijs om te versturen.",
    bad_request: "Deze vraag van een wallet kan niet beantwoord worden",
    onward_title: "Terug naar je wallet",
    onward_text: "Je gaat terug naar de wallet-app.",
    onward_link: "Verder naar de wallet",
};

const AUTHORIZE_EN: AuthorizeText = AuthorizeText {
    title: "A wallet asks for a micro-credential",
    asks: "The wallet app {} asks for one of your micro-credentials, bound to a key in that app.",
    returns_to: "Once you allow it, the credential goes to",
    format_sd_jwt: "As an SD-JWT VC (EU Digital Identity Wallet): you choose what to show each time.",
    format_ldp: "As an Open Badges 3.0 credential.",
    choose: "Which credential?",
    allow: "Allow",
    deny: "Deny",
    none: "You have no valid credential to send.",
    bad_request: "This request of a wallet cannot be answered",
    onward_title: "Back to your wallet",
    onward_text: "You are going back to the wallet app.",
    onward_link: "On to the wallet",
};

pub fn authorize_text(lang: UiLang) -> &'static AuthorizeText {
    if lang == UiLang::Nl {
        &AUTHORIZE_NL
    } else {
        &AUTHORIZE_EN
    }
}

/// Strings of the issuer's page offering a credential to the learner's wallet.
#[derive(Debug)]
pub struct IssuerOfferText {
    pub link: &'static str,
    pub title: &'static str,
    pub intro: &'static str,
    pub code_mailed: &'static str,
    pub until: &'static str,
    pub back: &'static str,
}

const ISSUER_OFFER_NL: IssuerOfferText = IssuerOfferText {
    link: "Naar wallet",
    title: "Bewijs naar de wallet van de lerende",
    intro: "Laat de lerende deze QR-code scannen met hun wallet-app (OpenID4VCI), of geef hen de link. De code bevat geen persoonsgegevens.",
    code_mailed: "De transactiecode is naar het e-mailadres van de lerende gestuurd; alleen zij kunnen het bewijs ophalen.",
    until: "Geldig tot",
    back: "Terug naar de bewijzen",
};

const ISSUER_OFFER_EN: IssuerOfferText = IssuerOfferText {
    link: "To wallet",
    title: "Credential to the learner's wallet",
    intro: "Have the learner scan this QR code with their wallet app (OpenID4VCI), or give them the link. The code carries no personal data.",
    code_mailed: "The transaction code was mailed to the learner's address; only they can pick the credential up.",
    until: "Valid until",
    back: "Back to the credentials",
};

pub fn issuer_offer_text(lang: UiLang) -> &'static IssuerOfferText {
    if lang == UiLang::Nl {
        &ISSUER_OFFER_NL
    } else {
        &ISSUER_OFFER_EN
    }
}
