//! What the demo register's offerings are about: topics with their ISCED-F field, names in four
//! languages and one learning outcome, and the title patterns that turn a topic into a title.

/// A subject an offering can teach. `nl`, `en`, `fr` and `de` are phrases that fit the title
/// patterns below; the outcome is one specific learning-outcome statement in Dutch and English.
pub(super) struct Topic {
    pub isced: &'static str,
    pub nl: &'static str,
    pub en: &'static str,
    pub fr: &'static str,
    pub de: &'static str,
    pub outcome_nl: &'static str,
    pub outcome_en: &'static str,
}

macro_rules! topics {
    ($( $isced:literal, $nl:literal, $en:literal, $fr:literal, $de:literal, $outcome_nl:literal, $outcome_en:literal; )+) => {
        pub(super) const TOPICS: &[Topic] = &[ $( Topic { isced: $isced, nl: $nl, en: $en, fr: $fr, de: $de, outcome_nl: $outcome_nl, outcome_en: $outcome_en } ),+ ];
    };
}

topics! {
    "061", "data-analyse met Python", "data analysis with Python", "analyse de données avec Python", "Datenanalyse mit Python", "De deelnemer schoont een dataset op en analyseert die met pandas.", "The learner cleans and analyses a data set with pandas.";
    "061", "cyberbeveiliging voor kmo's", "cybersecurity for SMEs", "cybersécurité pour les PME", "Cybersicherheit für KMU", "De deelnemer stelt een beveiligingsplan op voor een kleine organisatie.", "The learner drafts a security plan for a small organisation.";
    "061", "cloudarchitectuur", "cloud architecture", "architecture cloud", "Cloud-Architektur", "De deelnemer ontwerpt een schaalbare toepassing in de cloud.", "The learner designs a scalable application in the cloud.";
    "061", "webontwikkeling", "web development", "développement web", "Webentwicklung", "De deelnemer bouwt een toegankelijke webtoepassing.", "The learner builds an accessible web application.";
    "061", "machinaal leren", "machine learning", "apprentissage automatique", "Maschinelles Lernen", "De deelnemer traint en evalueert een voorspellend model.", "The learner trains and evaluates a predictive model.";
    "061", "netwerkbeheer", "network administration", "administration réseau", "Netzwerkadministration", "De deelnemer configureert en bewaakt een bedrijfsnetwerk.", "The learner configures and monitors a company network.";
    "061", "softwaretesten", "software testing", "test logiciel", "Softwaretest", "De deelnemer schrijft geautomatiseerde testen voor een bestaande toepassing.", "The learner writes automated tests for an existing application.";
    "061", "generatieve AI op het werk", "generative AI at work", "IA générative au travail", "Generative KI im Beruf", "De deelnemer zet taalmodellen verantwoord in voor werkopdrachten.", "The learner uses language models responsibly for work tasks.";
    "068", "digitale vaardigheden voor kantoorwerk", "digital skills for office work", "compétences numériques pour le travail de bureau", "Digitale Kompetenzen im Büro", "De deelnemer beheert bestanden, agenda en e-mail in een cloudomgeving.", "The learner manages files, calendar and e-mail in a cloud workspace.";
    "068", "datageletterdheid voor beleidsmakers", "data literacy for policy makers", "culture des données pour décideurs", "Datenkompetenz für Entscheider", "De deelnemer leest en beoordeelt grafieken en indicatoren kritisch.", "The learner reads and critically judges charts and indicators.";
    "041", "projectmanagement", "project management", "gestion de projet", "Projektmanagement", "De deelnemer plant een project met mijlpalen, risico's en budget.", "The learner plans a project with milestones, risks and budget.";
    "041", "digitale marketing", "digital marketing", "marketing numérique", "Digitales Marketing", "De deelnemer zet een online campagne op en meet het resultaat.", "The learner sets up an online campaign and measures its results.";
    "041", "boekhouding voor kmo's", "bookkeeping for SMEs", "comptabilité pour PME", "Buchhaltung für KMU", "De deelnemer verwerkt aankoop- en verkoopfacturen in een boekhoudpakket.", "The learner processes purchase and sales invoices in accounting software.";
    "041", "supply chain management", "supply chain management", "gestion de la chaîne logistique", "Lieferkettenmanagement", "De deelnemer analyseert een toeleveringsketen en stelt verbeteringen voor.", "The learner analyses a supply chain and proposes improvements.";
    "041", "ondernemerschap", "entrepreneurship", "entrepreneuriat", "Unternehmertum", "De deelnemer werkt een businessplan uit voor een eigen idee.", "The learner works out a business plan for an own idea.";
    "041", "leidinggeven aan teams", "leading teams", "management d'équipe", "Teamführung", "De deelnemer voert functionerings- en feedbackgesprekken.", "The learner conducts performance and feedback conversations.";
    "041", "duurzaamheidsrapportering (CSRD)", "sustainability reporting (CSRD)", "reporting de durabilité (CSRD)", "Nachhaltigkeitsberichterstattung (CSRD)", "De deelnemer stelt een dubbele materialiteitsanalyse op.", "The learner carries out a double materiality assessment.";
    "042", "privacyrecht en GDPR", "privacy law and the GDPR", "droit de la vie privée et RGPD", "Datenschutzrecht und DSGVO", "De deelnemer beoordeelt of een verwerking van persoonsgegevens rechtmatig is.", "The learner assesses whether processing of personal data is lawful.";
    "042", "arbeidsrecht voor HR", "employment law for HR", "droit du travail pour les RH", "Arbeitsrecht für HR", "De deelnemer past de regels rond arbeidsovereenkomsten toe op casussen.", "The learner applies the rules on employment contracts to cases.";
    "011", "digitaal lesgeven", "teaching with digital tools", "enseignement numérique", "Digitales Unterrichten", "De deelnemer ontwerpt een les met digitale leermiddelen.", "The learner designs a lesson with digital learning tools.";
    "011", "mentorschap op de werkplek", "workplace mentoring", "tutorat en entreprise", "Betriebliches Mentoring", "De deelnemer begeleidt een leerling of stagiair op de werkvloer.", "The learner supervises an apprentice or trainee at work.";
    "011", "inclusief onderwijs", "inclusive education", "éducation inclusive", "Inklusive Bildung", "De deelnemer past lesmateriaal aan voor leerlingen met specifieke noden.", "The learner adapts teaching material for pupils with special needs.";
    "023", "Nederlands op de werkvloer (NT2)", "Dutch for the workplace", "néerlandais sur le lieu de travail", "Niederländisch für den Beruf", "De deelnemer voert eenvoudige werkgesprekken in het Nederlands.", "The learner holds simple work conversations in Dutch.";
    "023", "zakelijk Engels", "business English", "anglais des affaires", "Business-Englisch", "De deelnemer schrijft heldere zakelijke e-mails en rapporten in het Engels.", "The learner writes clear business e-mails and reports in English.";
    "023", "Frans voor zorgverleners", "French for care workers", "français pour soignants", "Französisch für Pflegekräfte", "De deelnemer voert een anamnesegesprek in het Frans.", "The learner takes a patient history in French.";
    "023", "Duits voor de logistiek", "German for logistics", "allemand pour la logistique", "Deutsch für die Logistik", "De deelnemer communiceert met Duitstalige chauffeurs en klanten.", "The learner communicates with German-speaking drivers and customers.";
    "021", "grafisch ontwerp", "graphic design", "design graphique", "Grafikdesign", "De deelnemer ontwerpt een huisstijl met professionele software.", "The learner designs a visual identity with professional software.";
    "021", "productfotografie", "product photography", "photographie de produits", "Produktfotografie", "De deelnemer fotografeert producten voor een webwinkel.", "The learner photographs products for an online shop.";
    "031", "gedragseconomie", "behavioural economics", "économie comportementale", "Verhaltensökonomie", "De deelnemer ontwerpt een nudge en toetst het effect.", "The learner designs a nudge and tests its effect.";
    "032", "communicatie via sociale media", "social media communication", "communication sur les réseaux sociaux", "Kommunikation in sozialen Medien", "De deelnemer maakt een contentkalender voor een organisatie.", "The learner builds a content calendar for an organisation.";
    "052", "circulaire economie", "circular economy", "économie circulaire", "Kreislaufwirtschaft", "De deelnemer brengt materiaalstromen in kaart en stelt hergebruik voor.", "The learner maps material flows and proposes reuse.";
    "052", "klimaatadaptatie in de stad", "urban climate adaptation", "adaptation climatique urbaine", "Klimaanpassung in der Stadt", "De deelnemer stelt een hittestressplan op voor een wijk.", "The learner drafts a heat-stress plan for a neighbourhood.";
    "054", "toegepaste statistiek", "applied statistics", "statistique appliquée", "Angewandte Statistik", "De deelnemer kiest en voert de juiste statistische toets uit.", "The learner chooses and performs the right statistical test.";
    "071", "lastechnieken", "welding techniques", "techniques de soudage", "Schweißtechnik", "De deelnemer last een stompe naad volgens de norm.", "The learner welds a butt joint to standard.";
    "071", "MIG/MAG-lassen", "MIG/MAG welding", "soudage MIG/MAG", "MIG/MAG-Schweißen", "De deelnemer last hoeknaden en stompe naden in staal volgens EN ISO 9606-1.", "The learner welds fillet and butt welds in steel to EN ISO 9606-1.";
    "071", "PLC-programmeren", "PLC programming", "programmation d'automates", "SPS-Programmierung", "De deelnemer programmeert een sturing voor een productielijn.", "The learner programs a controller for a production line.";
    "071", "installatie van warmtepompen", "heat pump installation", "installation de pompes à chaleur", "Installation von Wärmepumpen", "De deelnemer installeert een warmtepomp en regelt die in.", "The learner installs and commissions a heat pump.";
    "071", "onderhoud van elektrische voertuigen", "electric vehicle maintenance", "maintenance des véhicules électriques", "Wartung von Elektrofahrzeugen", "De deelnemer werkt veilig aan hoogspanningssystemen van voertuigen.", "The learner works safely on high-voltage vehicle systems.";
    "071", "industrieel onderhoud", "industrial maintenance", "maintenance industrielle", "Industrielle Instandhaltung", "De deelnemer stelt een preventief onderhoudsplan op.", "The learner draws up a preventive maintenance plan.";
    "072", "voedselveiligheid (HACCP)", "food safety (HACCP)", "sécurité alimentaire (HACCP)", "Lebensmittelsicherheit (HACCP)", "De deelnemer voert een gevarenanalyse uit volgens HACCP.", "The learner carries out a hazard analysis under HACCP.";
    "072", "3D-printen voor productie", "3D printing for production", "impression 3D pour la production", "3D-Druck in der Fertigung", "De deelnemer ontwerpt en print een functioneel onderdeel.", "The learner designs and prints a functional part.";
    "073", "energiezuinig renoveren", "energy-efficient renovation", "rénovation énergétique", "Energieeffiziente Sanierung", "De deelnemer stelt een renovatieplan op dat het energielabel verbetert.", "The learner draws up a renovation plan that improves the energy rating.";
    "073", "BIM-modellering", "BIM modelling", "modélisation BIM", "BIM-Modellierung", "De deelnemer bouwt een BIM-model van een klein gebouw.", "The learner builds a BIM model of a small building.";
    "073", "veilig werken op de bouwplaats", "construction site safety", "sécurité sur les chantiers", "Sicherheit auf der Baustelle", "De deelnemer herkent de risico's op een bouwplaats en werkt veilig op hoogte en in sleuven.", "The learner recognises the hazards of a construction site and works safely at height and in trenches.";
    "073", "circulair bouwen", "circular construction", "construction circulaire", "Zirkuläres Bauen", "De deelnemer kiest herbruikbare bouwmaterialen en ontwerpt demonteerbare verbindingen.", "The learner selects reusable building materials and designs joints that can be taken apart.";
    "081", "precisielandbouw", "precision farming", "agriculture de précision", "Präzisionslandwirtschaft", "De deelnemer gebruikt sensordata om bemesting te sturen.", "The learner uses sensor data to steer fertilisation.";
    "083", "duurzame visserij", "sustainable fisheries", "pêche durable", "Nachhaltige Fischerei", "De deelnemer past vangstquota en selectieve vistechnieken toe.", "The learner applies catch quotas and selective fishing gear.";
    "091", "palliatieve zorg", "palliative care", "soins palliatifs", "Palliativpflege", "De deelnemer stelt een comfortgericht zorgplan op.", "The learner draws up a comfort-focused care plan.";
    "091", "dementiezorg", "dementia care", "soins aux personnes atteintes de démence", "Demenzpflege", "De deelnemer communiceert aangepast met personen met dementie.", "The learner communicates appropriately with people with dementia.";
    "091", "eerste hulp op het werk", "first aid at work", "premiers secours au travail", "Erste Hilfe im Betrieb", "De deelnemer verleent eerste hulp en reanimeert met een AED.", "The learner gives first aid and resuscitates with an AED.";
    "091", "veilig medicatiebeheer", "safe medication management", "gestion sécurisée des médicaments", "Sicheres Medikamentenmanagement", "De deelnemer bereidt medicatie voor en dient die veilig toe.", "The learner prepares and administers medication safely.";
    "091", "wondzorg in de verpleegkunde", "wound care in nursing", "soins des plaies en soins infirmiers", "Wundversorgung in der Pflege", "De deelnemer beoordeelt een wonde, kiest een passend verband en legt de verpleegkundige zorg vast in het dossier.", "The learner assesses a wound, chooses a suitable dressing and records the nursing care in the patient file.";
    "091", "klinisch redeneren in de verpleegkunde", "clinical reasoning in nursing", "raisonnement clinique en soins infirmiers", "Klinisches Denken in der Pflege", "De deelnemer herkent tijdig een verslechterende patiënt en rapporteert gestructureerd volgens SBAR.", "The learner recognises a deteriorating patient early and hands over nursing care in the SBAR structure.";
    "092", "kinderopvang", "childcare", "accueil de la petite enfance", "Kinderbetreuung", "De deelnemer organiseert een veilige en stimulerende opvangdag.", "The learner organises a safe and stimulating day in childcare.";
    "092", "jeugdwerk en participatie", "youth work and participation", "animation jeunesse et participation", "Jugendarbeit und Partizipation", "De deelnemer begeleidt een participatietraject met jongeren.", "The learner guides a participation process with young people.";
    "101", "duurzame keuken", "sustainable cooking", "cuisine durable", "Nachhaltige Küche", "De deelnemer stelt een seizoensmenu samen met minimale voedselverspilling.", "The learner composes a seasonal menu with minimal food waste.";
    "101", "gastvrijheid en onthaal", "hospitality and front desk", "accueil et hospitalité", "Gastfreundschaft und Empfang", "De deelnemer ontvangt gasten en handelt klachten klantgericht af.", "The learner welcomes guests and handles complaints.";
    "102", "veiligheid op de werkplek (VCA)", "workplace safety", "sécurité au travail", "Arbeitssicherheit", "De deelnemer herkent risico's en neemt de juiste beschermingsmaatregelen.", "The learner recognises hazards and takes the right protective measures.";
    "102", "preventieadviseur niveau 3", "prevention adviser level 3", "conseiller en prévention niveau 3", "Fachkraft für Arbeitssicherheit", "De deelnemer voert een risicoanalyse uit volgens de welzijnswet.", "The learner carries out a risk analysis under the well-being at work act.";
    "103", "beveiliging van evenementen", "event security", "sécurité événementielle", "Veranstaltungssicherheit", "De deelnemer stelt een veiligheidsplan op voor een publiek evenement.", "The learner draws up a safety plan for a public event.";
    "104", "heftruckbediening", "forklift operation", "conduite de chariot élévateur", "Gabelstaplerführung", "De deelnemer bedient een heftruck veilig in een magazijn.", "The learner operates a forklift safely in a warehouse.";
    "104", "vervoer van gevaarlijke stoffen (ADR)", "transport of dangerous goods (ADR)", "transport de marchandises dangereuses (ADR)", "Gefahrguttransport (ADR)", "De deelnemer laadt en documenteert gevaarlijke stoffen volgens ADR.", "The learner loads and documents dangerous goods under ADR.";
    "104", "havenlogistiek", "port logistics", "logistique portuaire", "Hafenlogistik", "De deelnemer plant containerbewegingen op een terminal.", "The learner plans container moves at a terminal.";
    "002", "rekenvaardigheden voor het dagelijks leven", "numeracy for everyday life", "calcul pour la vie quotidienne", "Rechnen im Alltag", "De deelnemer rekent met geld, procenten en maten in dagelijkse situaties.", "The learner calculates with money, percentages and measures in daily situations.";
    "002", "lezen en schrijven in het Nederlands", "reading and writing in Dutch", "lecture et écriture en néerlandais", "Lesen und Schreiben auf Niederländisch", "De deelnemer leest formulieren en vult ze zelfstandig in.", "The learner reads and fills in forms independently.";
    "003", "communicatievaardigheden", "communication skills", "compétences en communication", "Kommunikationskompetenz", "De deelnemer voert een constructief gesprek, ook bij meningsverschillen.", "The learner holds a constructive conversation, also when opinions differ.";
    "003", "loopbaanoriëntatie", "career guidance", "orientation professionnelle", "Berufsorientierung", "De deelnemer stelt een persoonlijk ontwikkelingsplan op.", "The learner draws up a personal development plan.";
    "001", "digitale basisvaardigheden", "basic digital skills", "compétences numériques de base", "Digitale Grundkenntnisse", "De deelnemer gebruikt een smartphone en het e-loket van de overheid veilig.", "The learner uses a smartphone and online public services safely.";
}

/// Title patterns in Dutch, English, French and German; `{}` is the topic. Several Dutch ones
/// use "cursus", "cursussen", "opleiding" and "vaardigheden" so the demo shows stemming at work.
pub(super) const PATTERNS: &[[&str; 4]] = &[
    ["Cursus {}", "Course in {}", "Formation en {}", "Kurs {}"],
    [
        "Opleiding {}",
        "Training in {}",
        "Formation professionnelle : {}",
        "Weiterbildung {}",
    ],
    [
        "Basiscursus {}",
        "Introduction to {}",
        "Initiation : {}",
        "{}: Grundlagen",
    ],
    [
        "Vervolgcursus {}",
        "Advanced {}",
        "Perfectionnement : {}",
        "{} für Fortgeschrittene",
    ],
    [
        "Praktische vaardigheden: {}",
        "Practical skills: {}",
        "Compétences pratiques : {}",
        "Praxiswissen {}",
    ],
    [
        "Korte cursussen {}",
        "Short courses in {}",
        "Modules courts : {}",
        "Kompaktkurse {}",
    ],
    [
        "Microcredential {}",
        "Micro-credential in {}",
        "Micro-certification : {}",
        "Microcredential {}",
    ],
    [
        "Postgraduaatmodule {}",
        "Postgraduate module in {}",
        "Module postgrade : {}",
        "Zertifikatsmodul {}",
    ],
];

/// Offerings the demo has whatever the RNG draws, published and never withdrawn, so that every
/// example under the search box finds something: (provider slug, topic by its Dutch name,
/// title pattern — one of the provider's profile). They are the provider's first offerings.
pub(super) const SHOWCASE: &[(&str, &str, usize)] = &[
    ("hogeschool-scheldeland", "data-analyse met Python", 0),
    ("technicum-limburg", "MIG/MAG-lassen", 0),
    (
        "bouwvorming-vlaanderen",
        "veilig werken op de bouwplaats",
        1,
    ),
    ("zorgnetwerk-mandelland", "wondzorg in de verpleegkunde", 1),
];

/// Patterns that read as advanced: their offerings state prerequisites.
pub(super) const ADVANCED_PATTERNS: &[usize] = &[3, 7];

/// A second learning outcome any offering can carry, in Dutch, English, French and German.
pub(super) const GENERIC_OUTCOMES: &[[&str; 4]] = &[
    [
        "De deelnemer past de aangeleerde technieken toe in een opdracht uit de eigen werkcontext.",
        "The learner applies the techniques in an assignment from their own work context.",
        "Le participant applique les techniques dans une mission issue de son contexte professionnel.",
        "Die Teilnehmenden wenden die Techniken in einer Aufgabe aus dem eigenen Arbeitsumfeld an.",
    ],
    [
        "De deelnemer reflecteert over de eigen aanpak en stuurt die bij op basis van feedback.",
        "The learner reflects on their approach and adjusts it based on feedback.",
        "Le participant analyse sa démarche et l'ajuste grâce aux retours reçus.",
        "Die Teilnehmenden reflektieren ihr Vorgehen und passen es anhand von Rückmeldungen an.",
    ],
    [
        "De deelnemer werkt veilig en volgens de geldende regelgeving.",
        "The learner works safely and in line with the applicable regulations.",
        "Le participant travaille en sécurité et conformément à la réglementation.",
        "Die Teilnehmenden arbeiten sicher und nach den geltenden Vorschriften.",
    ],
    [
        "De deelnemer communiceert de resultaten helder aan collega's en klanten.",
        "The learner communicates results clearly to colleagues and clients.",
        "Le participant communique clairement les résultats aux collègues et aux clients.",
        "Die Teilnehmenden kommunizieren Ergebnisse klar an Kollegium und Kundschaft.",
    ],
];

/// The index of a language in the four-language tables above.
pub(super) fn language_index(lang: &str) -> Option<usize> {
    ["nl", "en", "fr", "de"]
        .iter()
        .position(|known| *known == lang)
}

impl Topic {
    /// The topic phrase in one of the four table languages.
    pub(super) fn name(&self, index: usize) -> &'static str {
        match index {
            0 => self.nl,
            2 => self.fr,
            3 => self.de,
            _ => self.en,
        }
    }
}
