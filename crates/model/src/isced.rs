//! ISCED-F 2013 fields of education and training (broad and narrow fields), with labels.

use crate::lang::UiLang;

/// A field of education: two digits for a broad field, three for a narrow field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IscedField {
    pub code: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
}

impl IscedField {
    pub fn label(&self, lang: UiLang) -> &'static str {
        match lang {
            UiLang::Nl => self.nl,
            _ => self.en,
        }
    }

    /// EU Vocabularies IRI of the field.
    pub fn iri(&self) -> String {
        format!("{ISCED_IRI_BASE}{}", self.code)
    }

    /// The broad field (first two digits) this field belongs to.
    pub fn broad_code(&self) -> &'static str {
        self.code.get(..2).unwrap_or(self.code)
    }
}

macro_rules! fields {
    ($( $code:literal => $nl:literal, $en:literal; )+) => {
        /// Every broad and narrow ISCED-F 2013 field.
        pub const ISCED_FIELDS: &[IscedField] = &[ $( IscedField { code: $code, nl: $nl, en: $en } ),+ ];
    };
}

fields! {
    "00" => "Generieke programma's en kwalificaties", "Generic programmes and qualifications";
    "001" => "Basisprogramma's en kwalificaties", "Basic programmes and qualifications";
    "002" => "Geletterdheid en gecijferdheid", "Literacy and numeracy";
    "003" => "Persoonlijke vaardigheden en ontwikkeling", "Personal skills and development";
    "01" => "Onderwijs", "Education";
    "011" => "Onderwijs", "Education";
    "02" => "Kunst en geesteswetenschappen", "Arts and humanities";
    "021" => "Kunsten", "Arts";
    "022" => "Geesteswetenschappen (behalve talen)", "Humanities (except languages)";
    "023" => "Talen", "Languages";
    "03" => "Sociale wetenschappen, journalistiek en informatie", "Social sciences, journalism and information";
    "031" => "Sociale en gedragswetenschappen", "Social and behavioural sciences";
    "032" => "Journalistiek en informatie", "Journalism and information";
    "04" => "Bedrijfskunde, administratie en recht", "Business, administration and law";
    "041" => "Bedrijfskunde en administratie", "Business and administration";
    "042" => "Recht", "Law";
    "05" => "Natuurwetenschappen, wiskunde en statistiek", "Natural sciences, mathematics and statistics";
    "051" => "Biologische en verwante wetenschappen", "Biological and related sciences";
    "052" => "Milieu", "Environment";
    "053" => "Fysische wetenschappen", "Physical sciences";
    "054" => "Wiskunde en statistiek", "Mathematics and statistics";
    "06" => "Informatie- en communicatietechnologie (ICT)", "Information and communication technologies (ICTs)";
    "061" => "Informatie- en communicatietechnologie (ICT)", "Information and communication technologies (ICTs)";
    "068" => "Interdisciplinaire programma's met ICT", "Inter-disciplinary programmes involving ICTs";
    "07" => "Ingenieurswetenschappen, industrie en bouw", "Engineering, manufacturing and construction";
    "071" => "Ingenieurswetenschappen en technische beroepen", "Engineering and engineering trades";
    "072" => "Productie en verwerking", "Manufacturing and processing";
    "073" => "Architectuur en bouw", "Architecture and construction";
    "08" => "Landbouw, bosbouw, visserij en diergeneeskunde", "Agriculture, forestry, fisheries and veterinary";
    "081" => "Landbouw", "Agriculture";
    "082" => "Bosbouw", "Forestry";
    "083" => "Visserij", "Fisheries";
    "084" => "Diergeneeskunde", "Veterinary";
    "09" => "Gezondheidszorg en welzijn", "Health and welfare";
    "091" => "Gezondheidszorg", "Health";
    "092" => "Welzijn", "Welfare";
    "10" => "Diensten", "Services";
    "101" => "Persoonlijke diensten", "Personal services";
    "102" => "Hygiëne en arbeidsgezondheid", "Hygiene and occupational health services";
    "103" => "Beveiligingsdiensten", "Security services";
    "104" => "Transportdiensten", "Transport services";
}

/// Where the EU Vocabularies IRIs of ISCED-F fields begin (the code follows).
pub const ISCED_IRI_BASE: &str = "http://data.europa.eu/snb/isced-f/";

/// Looks a field up by its IRI (without building one IRI per field to compare: a credential's
/// content is labelled on every verification).
pub fn isced_field_of_iri(iri: &str) -> Option<&'static IscedField> {
    isced_field(iri.strip_prefix(ISCED_IRI_BASE)?)
}

/// Looks a field up by code.
pub fn isced_field(code: &str) -> Option<&'static IscedField> {
    ISCED_FIELDS.iter().find(|field| field.code == code)
}

/// The narrow fields (three digits): what an offering is classified under.
pub fn narrow_fields() -> impl Iterator<Item = &'static IscedField> {
    ISCED_FIELDS.iter().filter(|field| field.code.len() == 3)
}

/// The broad fields (two digits): what filters and statistics group by.
pub fn broad_fields() -> impl Iterator<Item = &'static IscedField> {
    ISCED_FIELDS.iter().filter(|field| field.code.len() == 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_narrow_field_has_its_broad_field() {
        for field in narrow_fields() {
            assert!(isced_field(field.broad_code()).is_some(), "{}", field.code);
        }
        assert_eq!(broad_fields().count(), 11);
        assert!(isced_field("999").is_none());
        assert_eq!(
            isced_field("061").map(IscedField::iri).as_deref(),
            Some("http://data.europa.eu/snb/isced-f/061")
        );
    }

    #[test]
    fn fields_are_found_by_their_whole_iri() {
        for field in ISCED_FIELDS {
            assert_eq!(isced_field_of_iri(&field.iri()), Some(field));
            assert_eq!(isced_field_of_iri(field.code), None);
        }
        for other in [
            "http://data.europa.eu/snb/isced-f/999",
            "http://data.europa.eu/snb/isced-f/",
            "https://data.europa.eu/snb/isced-f/061",
            "http://data.europa.eu/snb/isced-f/0610",
        ] {
            assert_eq!(isced_field_of_iri(other), None, "{other}");
        }
    }
}
