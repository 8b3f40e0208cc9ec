//! Strings of learners' feedback: the wallet's rating forms and the provider's page.

use model::UiLang;

#[derive(Debug)]
pub struct FeedbackText {
    pub heading: &'static str,
    pub intro: &'static str,
    pub given: &'static str,
    pub overall: &'static str,
    pub content: &'static str,
    pub teaching: &'static str,
    pub assessment: &'static str,
    pub workload: &'static str,
    /// From "much less" to "much more" than stated.
    pub workload_options: [&'static str; 5],
    pub comment: &'static str,
    pub comment_hint: &'static str,
    pub send: &'static str,
    pub saved: &'static str,
    pub closed: &'static str,
    pub page_title: &'static str,
    pub page_intro: &'static str,
    pub answers: &'static str,
    /// "Fewer than {} answers: …".
    pub too_few: &'static str,
    pub aspect: &'static str,
    pub mean: &'static str,
    pub comments: &'static str,
    pub no_comments: &'static str,
    pub link: &'static str,
}

const NL: FeedbackText = FeedbackText {
    heading: "Geef je mening",
    intro: "Over wat je afrondde (geslaagd of niet): je antwoord helpt de aanbieder en de overheid de kwaliteit te bewaken. Niemand ziet wie wat antwoordde; aanbieders zien alleen samenvattingen van minstens vijf antwoorden. Je kunt je antwoord 30 dagen aanpassen.",
    given: "beantwoord",
    overall: "Algemeen",
    content: "Inhoud",
    teaching: "Begeleiding en lesgeven",
    assessment: "Beoordeling",
    workload: "Werklast tegenover de vermelde studiepunten en uren",
    workload_options: [
        "veel minder",
        "minder",
        "zoals vermeld",
        "meer",
        "veel meer",
    ],
    comment: "Opmerking (niet verplicht)",
    comment_hint: "Zonder namen: aanbieders zien opmerkingen met enkel het jaar.",
    send: "Antwoord bewaren",
    saved: "Je antwoord is bewaard. Dank je.",
    closed: "Je antwoord kan niet meer gewijzigd worden.",
    page_title: "Feedback van lerenden",
    page_intro: "Wat lerenden die beoordeeld werden over deze microcredential zeggen, samengevat. Wie wat antwoordde wordt nooit getoond.",
    answers: "Antwoorden",
    too_few: "Minder dan {} antwoorden: alleen hun aantal wordt getoond.",
    aspect: "Aspect",
    mean: "Gemiddelde (1–5)",
    comments: "Opmerkingen",
    no_comments: "Geen opmerkingen.",
    link: "Feedback",
};

const EN: FeedbackText = FeedbackText {
    heading: "Give your view",
    intro: "On what you completed (passed or not): your answer helps the provider and the government keep up quality. No one sees who answered what; providers see only summaries of at least five answers. You can change your answer for 30 days.",
    given: "answered",
    overall: "Overall",
    content: "Content",
    teaching: "Teaching and guidance",
    assessment: "Assessment",
    workload: "Workload against the stated ECTS and hours",
    workload_options: ["much less", "less", "as stated", "more", "much more"],
    comment: "Comment (optional)",
    comment_hint: "Without names: providers see comments with the year only.",
    send: "Save answer",
    saved: "Your answer is saved. Thank you.",
    closed: "Your answer can no longer be changed.",
    page_title: "Learners' feedback",
    page_intro: "What learners who were assessed say about this micro-credential, summarised. Who answered what is never shown.",
    answers: "Answers",
    too_few: "Fewer than {} answers: only their number is shown.",
    aspect: "Aspect",
    mean: "Mean (1–5)",
    comments: "Comments",
    no_comments: "No comments.",
    link: "Feedback",
};

pub fn feedback_text(lang: UiLang) -> &'static FeedbackText {
    if lang == UiLang::Nl { &NL } else { &EN }
}
