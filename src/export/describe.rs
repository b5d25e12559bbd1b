//! What a map says about its dataset: a title, and where its data come from.

use crate::model::{Dataset, Provenance};

/// The dataset's title for a map: the first heading of its `README.md`
/// (`# russia: the source study's clusters on Russia's federal subjects`
/// gives "The source study's clusters on Russia's federal subjects"), or
/// the folder's name when there is no README or heading. A dataset built in
/// memory (no folder) is called by its name: the working directory's README
/// is not its own.
/// With years on its participants or links, the year of the network follows
/// (`... (network of 2021)`).
pub fn dataset_title(ds: &Dataset) -> String {
    let title = if ds.path.as_os_str().is_empty() {
        ds.name.clone()
    } else {
        std::fs::read_to_string(ds.path.join("README.md"))
            .ok()
            .and_then(|text| heading_title(&text, &ds.name))
            .unwrap_or_else(|| ds.name.clone())
    };
    format!("{title}{}", year_suffix(ds.years.year))
}

/// ` (network of YEAR)` after a dataset's name when its network is that of
/// one year; empty otherwise.
pub fn year_suffix(year: Option<i32>) -> String {
    year.map_or_else(String::new, |y| format!(" (network of {y})"))
}

/// The title in a README's first `# ` heading; a leading `NAME:` (the folder's
/// name) is dropped and the rest capitalised.
fn heading_title(text: &str, name: &str) -> Option<String> {
    let line = text.lines().find(|l| l.starts_with("# "))?;
    let mut t = line[2..].trim();
    if let Some(rest) = t.strip_prefix(name).and_then(|r| r.strip_prefix(':')) {
        t = rest.trim();
    }
    let mut chars = t.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A sentence saying which of the dataset's records are synthetic, for the
/// notes of every picture built on them; `None` when none is.
///
/// Links carry no provenance of their own: they are counted as synthetic
/// when their organisations are.
pub fn provenance_note(ds: &Dataset) -> Option<String> {
    let synthetic_clusters = ds
        .clusters
        .iter()
        .filter(|c| c.provenance == Provenance::Synthetic)
        .count();
    let synthetic_orgs = ds
        .participants
        .iter()
        .filter(|p| p.provenance == Provenance::Synthetic)
        .count();
    let mut parts = Vec::new();
    if synthetic_clusters > 0 {
        parts.push(format!(
            "{synthetic_clusters} of {} clusters",
            ds.clusters.len()
        ));
    }
    if synthetic_orgs > 0 {
        parts.push(format!(
            "{synthetic_orgs} of {} organisations and their links",
            ds.participants.len()
        ));
    }
    if parts.is_empty() {
        return None;
    }
    // a dataset built in memory has no README: its rows say it
    let see = if ds.path.as_os_str().is_empty() {
        "their provenance column".to_string()
    } else {
        format!("{}/README.md", ds.path.display())
    };
    Some(format!(
        "Synthetic data: {} are generated, not observed (see {see}).",
        parts.join(", ")
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_come_from_the_readme_heading() {
        assert_eq!(
            heading_title("# russia: the study's clusters\n\ntext", "russia").as_deref(),
            Some("The study's clusters")
        );
        assert_eq!(
            heading_title("intro\n# My regions\n", "x").as_deref(),
            Some("My regions")
        );
        assert_eq!(heading_title("no heading", "x"), None);
        let ds = crate::load::load_dataset(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("datasets/demo"),
        )
        .expect("demo");
        assert_eq!(dataset_title(&ds), "A hand-written dataset for the docs");
        assert_eq!(provenance_note(&ds), None);
        // built in memory: its name, not the working directory's README
        let mut ds = ds;
        ds.path = std::path::PathBuf::new();
        ds.name = "frames".into();
        assert_eq!(dataset_title(&ds), "frames");
    }
}
