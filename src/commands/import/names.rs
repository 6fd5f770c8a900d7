//! Names in an article that look like people the registry does not know yet, to suggest as
//! new actors: runs of two to four capitalized words ("Wang Yi", "Hossein Amir-Abdollahian",
//! "Mohammed bin Salman"). Runs break at punctuation and at words that are not parts of names
//! (titles, places, nationalities, organizations, calendar and common words), and skip the
//! actors already found. Acronyms and longer runs (headline-style phrases) are left out.

use std::ops::Range;

use super::words::not_a_name;

/// The fewest and most capitalized words of a suggested name.
const NAME_WORDS: Range<usize> = 2..5;

/// Lowercase words that may stand inside a name.
const PARTICLES: &[&str] = &[
    "bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der", "den", "la",
    "le",
];

/// Person-like names in `text` (paragraphs between blank lines), in order of first
/// appearance, each once. `known` are the byte ranges of names already matched to actors.
/// Short paragraphs without a final stop are subheadings, often in title case, and are
/// passed over.
pub(super) fn person_names(text: &str, known: &[Range<usize>]) -> Vec<String> {
    let mut names = Vec::new();
    let mut offset = 0;
    for paragraph in text.split("\n\n") {
        if !is_heading(paragraph) {
            names_in(paragraph, offset, known, &mut names);
        }
        offset += paragraph.len() + 2;
    }
    names
}

/// Adds the names of a paragraph that starts `offset` bytes into the text.
fn names_in(paragraph: &str, offset: usize, known: &[Range<usize>], names: &mut Vec<String>) {
    let mut run: Vec<&str> = Vec::new();
    for (range, word, closes) in words(paragraph) {
        let (start, end) = (range.start + offset, range.end + offset);
        let overlaps = known.iter().any(|k| k.start < end && start < k.end);
        let fits = is_name_word(word) || (!run.is_empty() && PARTICLES.contains(&word));
        if overlaps || !fits {
            flush(&mut run, names);
            continue;
        }
        run.push(word);
        if closes {
            flush(&mut run, names);
        }
    }
    flush(&mut run, names);
}

fn is_heading(paragraph: &str) -> bool {
    let ends = paragraph
        .trim_end()
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', '?', ':', ';', ',']);
    paragraph.split_whitespace().count() <= 8 && !ends
}

/// Ends a run of words and keeps it if it has the size of a name.
fn flush(run: &mut Vec<&str>, names: &mut Vec<String>) {
    while run.last().is_some_and(|w| PARTICLES.contains(w)) {
        run.pop();
    }
    let capitalized = run.iter().filter(|w| !PARTICLES.contains(w)).count();
    if NAME_WORDS.contains(&capitalized) {
        let name = run.join(" ");
        if !names.contains(&name) {
            names.push(name);
        }
    }
    run.clear();
}

/// The words of `text` with their byte ranges, without the punctuation around them or a
/// possessive "'s"; `true` when punctuation after the word (or the possessive) ends a run.
/// A word after opening punctuation (a quote, a bracket) starts a run: its predecessor is
/// returned as closing.
fn words(text: &str) -> Vec<(Range<usize>, &str, bool)> {
    let mut words: Vec<(Range<usize>, &str, bool)> = Vec::new();
    let mut offset = 0;
    for chunk in text.split_inclusive(char::is_whitespace) {
        let start = offset;
        offset += chunk.len();
        let chunk = chunk.trim_end();
        let core_start = chunk.len()
            - chunk
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let core = chunk[core_start..].trim_end_matches(|c: char| !c.is_alphanumeric());
        if core.is_empty() {
            if let Some(last) = words.last_mut() {
                last.2 = true;
            }
            continue;
        }
        if core_start > 0 {
            if let Some(last) = words.last_mut() {
                last.2 = true;
            }
        }
        let (core, possessive) = match core.strip_suffix("’s").or_else(|| core.strip_suffix("'s"))
        {
            Some(stem) => (stem, true),
            None => (core, false),
        };
        let closes = possessive || chunk.len() > core_start + core.len();
        let begin = start + core_start;
        words.push((begin..begin + core.len(), core, closes));
    }
    words
}

/// A capitalized word of letters (with inner hyphens or apostrophes), not an acronym and not
/// a word that names are not made of.
fn is_name_word(word: &str) -> bool {
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    word.starts_with(char::is_uppercase)
        && letters >= 2
        && word
            .chars()
            .all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && !word.chars().all(|c| c.is_uppercase() || !c.is_alphabetic())
        && !not_a_name(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_names_after_titles_and_around_particles() {
        let text = "Chinese Foreign Minister Wang Yi met Iran's Hossein Amir-Abdollahian \
                    and Saudi Crown Prince Mohammed bin Salman in Beijing.";
        assert_eq!(
            person_names(text, &[]),
            vec!["Wang Yi", "Hossein Amir-Abdollahian", "Mohammed bin Salman"]
        );
    }

    #[test]
    fn leaves_out_places_organizations_acronyms_and_known_names() {
        let text = "The United Nations and NBC News said the Gaza Strip, Saudi Arabia and \
                    the Cold War. In May 2021, Zhai Jun met Ambassador Wang Kejian’s aide.";
        let zhai = text.find("Zhai Jun").unwrap();
        let wang = text.find("Wang Kejian").unwrap();
        let known = [zhai..zhai + 8, wang..wang + 11];
        assert_eq!(person_names(text, &known), Vec::<String>::new());
    }

    #[test]
    fn punctuation_and_quotes_break_names() {
        assert_eq!(
            person_names(
                "Zhai, Usama and “Lin Jian” spoke; Jane Doe (Reuters) wrote.",
                &[]
            ),
            vec!["Lin Jian", "Jane Doe"]
        );
        assert_eq!(
            person_names("A Very Long Title Case Headline Here.", &[]),
            Vec::<String>::new()
        );
    }

    #[test]
    fn subheadings_are_not_names() {
        let text = "Zhai spoke.\n\nRegional Reactions\n\nThen Wang Yi spoke.";
        assert_eq!(person_names(text, &[]), vec!["Wang Yi"]);
        let wang = text.find("Wang Yi").unwrap();
        let known = wang..wang + "Wang Yi".len();
        assert_eq!(
            person_names(text, std::slice::from_ref(&known)),
            Vec::<String>::new()
        );
    }
}
