//! Capitalized words that are not parts of people's names: small words that start sentences,
//! titles and roles, calendar words, countries, nationalities, places and the words that make
//! up the names of organizations and events. Name suggestions break at these words.

use std::collections::HashSet;
use std::sync::LazyLock;

/// Words that open sentences and clauses, and other common words.
const COMMON: &str = "a an the and or but nor so yet if as at by for from in into of off on onto \
    out over per to up via with within without about above across after against along amid \
    amidst among around before behind below beneath beside besides between beyond despite \
    during except inside near since through throughout toward towards under unlike until upon \
    while whilst when where whereas why how what which who whom whose this that these those \
    there here it its he she they we you i his her their our my your him them us me all any \
    both each every few many more most much no not none some such other another also only even \
    just still however moreover meanwhile furthermore therefore thus hence instead although \
    though because unless whether yesterday today tomorrow tonight last next first second third \
    said says according will would can could should might must is are was were be been being \
    has have had do does did then now later earlier recently already again once twice then \
    nevertheless nonetheless indeed overall historically currently finally ultimately \
    additionally similarly likewise notably specifically separately together yes mr mrs ms dr \
    prof sir dear hello thanks please see read watch listen note update breaking exclusive \
    analysis opinion editorial comment interview photo photos video videos image images \
    breaking live";

/// Titles, ranks and roles that stand before names.
const TITLES: &str = "president presidents vice prime minister ministers foreign secretary \
    general ambassador ambassadors envoy envoys special deputy assistant spokesperson spokesman \
    spokeswoman spokespeople chairman chairwoman chair chief head director king queen prince \
    princess crown sheikh emir sultan miss professor senator governor mayor premier chancellor \
    counselor counsellor councillor commissioner representative representatives officer \
    lieutenant colonel captain sergeant admiral commander marshal judge justice pope rabbi imam \
    bishop cardinal saint lord lady dame reverend father comrade presidential executive speaker \
    leader leaders member members delegate delegates counterpart counterparts official \
    officials negotiator mediator coordinator adviser advisor undersecretary attorney consul \
    state secretary-general vice-president vice-premier director-general minister-counselor \
    ayatollah grand supreme interim acting former late";

/// Months, weekdays, seasons and holidays ("Jan", "Jun" and "Mar" are names too).
const CALENDAR: &str = "january february march april may june july august september october \
    november december feb apr jul aug sep sept oct nov dec monday tuesday wednesday \
    thursday friday saturday sunday spring summer autumn fall winter christmas easter ramadan \
    eid hanukkah passover yom kippur new year day week month";

/// Countries, continents and regions.
const COUNTRIES: &str = "afghanistan albania algeria angola argentina armenia australia \
    austria azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil britain \
    bulgaria cambodia cameroon canada chad chile china colombia congo croatia cuba cyprus czech \
    denmark djibouti ecuador egypt eritrea estonia ethiopia finland france georgia germany \
    ghana greece hungary iceland india indonesia iran iraq ireland israel italy japan jordan \
    kazakhstan kenya korea kosovo kuwait kyrgyzstan laos latvia lebanon libya lithuania \
    luxembourg malaysia mali malta mauritania mexico moldova mongolia montenegro morocco \
    myanmar nepal netherlands nigeria niger norway oman pakistan palestine panama peru \
    philippines poland portugal qatar romania russia rwanda saudi arabia senegal serbia \
    singapore slovakia slovenia somalia spain sudan sweden switzerland syria taiwan tajikistan \
    tanzania thailand tunisia turkey türkiye turkmenistan uganda ukraine emirates uzbekistan \
    venezuela vietnam yemen zambia zimbabwe america americas africa asia europe oceania \
    arctic antarctica levant maghreb sahel balkans caucasus";

/// Nationalities and other adjectives of peoples and faiths.
const PEOPLES: &str = "afghan algerian american americans arab arabs arabian argentine \
    armenian asian australian austrian belgian brazilian british bulgarian canadian chinese \
    colombian croatian cuban cypriot danish dutch egyptian egyptians emirati english ethiopian \
    european europeans african asian finnish french georgian german greek hungarian indian \
    indonesian iranian iraqi irish israeli israelis italian japanese jordanian kazakh kenyan \
    korean kurdish kurds kuwaiti lebanese libyan malaysian mexican moroccan nigerian norwegian \
    omani pakistani palestinian palestinians persian polish portuguese qatari romanian russian \
    russians scottish serbian somali spanish sudanese swedish swiss syrian syrians taiwanese \
    thai tunisian turkish ukrainian uzbek venezuelan vietnamese welsh yemeni bahraini muslim \
    muslims jewish jews christian christians sunni shia shiite druze zionist islamist arabic \
    hebrew latin nordic baltic balkan soviet ottoman hashemite western eastern northern \
    southern central";

/// Cities, places and the words of place names.
const PLACES: &str = "beijing shanghai gaza cairo doha moscow washington jerusalem tel aviv \
    ramallah rafah khan yunis jenin nablus hebron bethlehem beirut damascus baghdad tehran \
    riyadh amman ankara istanbul dubai abu dhabi muscat manama sanaa aden tripoli tunis algiers \
    rabat khartoum geneva vienna paris london berlin brussels rome madrid tokyo delhi york hong \
    kong macau sharm el-sheikh sinai golan heights negev galilee red sea dead mediterranean suez \
    canal strip bank west east north south middle upper lower city capital region province \
    territory territories border crossing island islands valley mount river lake desert port \
    airport square street road avenue palace hall house building tower camp hospital station \
    hill gate coast gulf peninsula district county";

/// Words of the names of organizations, media, events and documents.
const ORGANIZATIONS: &str = "ministry ministries affairs government council nations union \
    authority republic states kingdom federation fund organization organisation association \
    committee commission office department bureau agency university institute center centre \
    foundation group company corporation inc ltd embassy consulate parliament congress assembly \
    senate court tribunal summit conference forum initiative plan agreement accords accord \
    treaty resolution declaration charter program programme news times post press daily herald \
    tribune journal gazette magazine review television tv radio network channel media online \
    wire reuters xinhua party front movement army forces force guard guards brigades brigade \
    police military navy security intelligence defense defence service services war peace \
    crisis conflict operation revolution international national global world people people's \
    popular islamic jihad brotherhood hezbollah hamas fatah houthis houthi al-qaeda isis daesh \
    relief works aid crescent cross health human rights watch amnesty interior finance trade \
    energy economic social high higher joint permanent mission delegation secretariat unrwa \
    unicef cold civil olympics cup god allah prophet bible quran koran church mosque temple \
    al-aqsa aqsa solution process talks deal ceasefire truce";

static NOT_NAMES: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        COMMON,
        TITLES,
        CALENDAR,
        COUNTRIES,
        PEOPLES,
        PLACES,
        ORGANIZATIONS,
    ]
    .iter()
    .flat_map(|list| list.split_whitespace())
    .collect()
});

/// Whether a word (any case) is one that people's names are not made of.
pub(super) fn not_a_name(word: &str) -> bool {
    let lower = word.to_lowercase();
    NOT_NAMES.contains(lower.as_str()) || lower.split('-').any(|part| NOT_NAMES.contains(part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_common_words_titles_and_places() {
        for word in [
            "The",
            "President",
            "Chinese",
            "Gaza",
            "Ministry",
            "October",
            "Israeli-Palestinian",
        ] {
            assert!(not_a_name(word), "{word}");
        }
        for word in ["Wang", "Yi", "Hossein", "Amir-Abdollahian", "Jun"] {
            assert!(!not_a_name(word), "{word}");
        }
    }
}
