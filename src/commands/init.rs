//! `copydesk init [DIR]`: a commented `copydesk.toml` and a starter glossary,
//! so a newsroom can adopt copydesk without reading the source first.
//!
//! The configuration lists every rule and every option, generated from the
//! rule registry (ids, summaries, default severities, option docs and
//! defaults), so it cannot go stale: a new rule or option appears in the
//! next `init` by itself. Every setting is written commented out at its
//! built-in value, so the file as written changes nothing but the glossary
//! it adds; a test uncomments every line and loads the result.
//!
//! `init` never overwrites: if either file exists it writes neither.

use super::error::output;
use super::{CommandError, ExitStatus};
use crate::config::default_scope_lists;
use crate::rules::meta::RuleMeta;
use crate::rules::metas;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The configuration file `init` writes (the name discovery looks for).
pub(super) const CONFIG_NAME: &str = "copydesk.toml";
/// The starter glossary it writes beside it.
pub(super) const GLOSSARY_NAME: &str = "glossary.toml";

/// Width the comments are wrapped to.
const WIDTH: usize = 78;

pub(super) fn run(dir: &Path, out: &mut dyn Write) -> Result<ExitStatus, CommandError> {
    if !dir.is_dir() {
        return Err(CommandError::Init {
            path: dir.to_path_buf(),
            message: "not a directory".to_owned(),
        });
    }
    let files = [
        (dir.join(CONFIG_NAME), config_template(&metas())),
        (dir.join(GLOSSARY_NAME), GLOSSARY_TEMPLATE.to_owned()),
    ];
    // Check both before writing either, so a refusal leaves nothing half done.
    if let Some((path, _)) = files.iter().find(|(path, _)| path.exists()) {
        return Err(CommandError::Init {
            path: path.clone(),
            message: "already exists; `copydesk init` never overwrites a file".to_owned(),
        });
    }
    for (path, text) in &files {
        write_new(path, text)?;
    }
    writeln!(
        out,
        "Wrote {} and {}.\nNext: `copydesk check PAGES` (every setting in {CONFIG_NAME} is \
         commented out at its built-in value; uncomment to change it).",
        files[0].0.display(),
        files[1].0.display()
    )
    .map_err(output)?;
    Ok(ExitStatus::Clean)
}

/// Creates `path`, failing if it appeared since it was checked (`create_new`
/// is atomic: two runs at once cannot both write it).
fn write_new(path: &PathBuf, text: &str) -> Result<(), CommandError> {
    let error = |e: std::io::Error| CommandError::Init {
        path: path.clone(),
        message: e.to_string(),
    };
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)
}

/// The starter glossary: one example entry using every field, with an
/// inline test (checked when the glossary loads, so the example is valid).
const GLOSSARY_TEMPLATE: &str = r#"# Your newsroom's glossary: names and terms copydesk should know, so that a
# near-miss ("Soyug-FG" for "Soyuz-FG") is flagged with the right spelling.
# copydesk.toml loads it with `glossaries = ["glossary.toml"]`.
#
# Format (the full description is rules/glossaries/README.md in the copydesk
# sources): a `[[term]]` table per entry. `term` is required; the other keys
# are optional. A `.txt` file with one term per line works too.

description = "Names and terms of our publication"
source = "our style guide"

# An example: replace it with your own names.
[[term]]
term = "Example Gazette"                              # the correct form, and the suggestion
aliases = ["The Example Gazette"]                     # other correct spellings, never flagged
wrong = ["Exmaple Gazette"]                           # forms always flagged, whatever their length
note = "our own name"                                 # shown with each finding
case_sensitive = false                                # true for acronyms and names that are also words
tests = [["Exmaple Gazette", "Example Gazette"]]      # [wrong text, expected suggestion], checked at load
"#;

/// The commented configuration for `rules`.
pub(super) fn config_template(rules: &[&'static RuleMeta]) -> String {
    let (content, exclude) = default_scope_lists();
    let mut out = String::new();
    out.push_str(
        "# copydesk configuration, written by `copydesk init`.\n\
         #\n\
         # copydesk uses the nearest copydesk.toml above each linted page. Every\n\
         # setting below is commented out at its built-in value: uncomment a line to\n\
         # change it. `copydesk config --show PAGE` prints the settings in force for\n\
         # a page and where each came from; `copydesk explain RULE` documents a rule.\n\
         \n\
         # Run only these rules (ids, or \"ALL\"), instead of the rules on by default.\n\
         # select = [\"ALL\"]\n\
         # Run these rules as well as those on by default.\n\
         # extend-select = [\"caption-credit-format\"]\n\
         # Switch these rules off.\n\
         # ignore = [\"missing-alt-text\"]\n\
         # The lowest severity that makes `copydesk check` exit 1: error, warning or info.\n\
         # fail-on = \"warning\"\n\
         # Pages larger than this are skipped with an error (exit 2), unread.\n\
         # max-file-size = \"64M\"\n\
         \n\
         # Glossaries of names and terms (paths relative to this file, or\n\
         # \"builtin:NAME\"), added to the built-in ones.\n\
         glossaries = [\"glossary.toml\"]\n\
         \n\
         [scope]\n\
         # Where the article is: CSS selectors, the first that matches wins. Setting\n\
         # it replaces this built-in list.\n",
    );
    out.push_str(&format!("# content = {}\n", toml_list(&content)));
    out.push_str(
        "# Page furniture inside the article to skip (added to the built-in list\n\
         # below, unless replace-exclude = true).\n",
    );
    out.push_str(&format!("# exclude = {}\n", toml_list(&exclude)));
    out.push_str("# replace-exclude = false\n");
    out.push_str(
        "\n# One table per rule. `severity` is error, warning, info or off; any\n\
         # severity but off switches on a rule that is off by default.\n",
    );
    for meta in rules {
        out.push('\n');
        out.push_str(&format!("[rules.{}]\n", meta.id));
        let state = if meta.enabled_by_default {
            ""
        } else {
            " Off by default."
        };
        out.push_str(&comment(&format!("{}.{state}", meta.summary)));
        let severity = if meta.enabled_by_default {
            meta.default_severity.as_str()
        } else {
            "off"
        };
        out.push_str(&format!("# severity = \"{severity}\"\n"));
        for option in meta.options.iter() {
            out.push_str(&comment(&format!(
                "{}. Type: {}.",
                option.doc.trim_end_matches('.'),
                option.kind.describe()
            )));
            out.push_str(&format!("# {} = {}\n", option.name, option.default));
        }
    }
    out.push_str(
        "\n# Settings for some pages only: globs relative to this file; each matching\n\
         # entry applies in order, after the settings above.\n\
         # [[overrides]]\n\
         # paths = [\"blog/**/*.html\"]\n\
         # ignore = [\"missing-byline\"]\n",
    );
    out
}

/// A TOML array of strings on one line (so uncommenting it is one edit).
fn toml_list(items: &[String]) -> String {
    let quoted: Vec<String> = items
        .iter()
        .map(|item| toml::Value::String(item.clone()).to_string())
        .collect();
    format!("[{}]", quoted.join(", "))
}

/// `text` as `# ` comment lines wrapped at [`WIDTH`].
fn comment(text: &str) -> String {
    let mut out = String::new();
    let mut line = String::from("#");
    for word in text.split_whitespace() {
        if line.len() > 1 && line.chars().count() + 1 + word.chars().count() > WIDTH {
            out.push_str(&line);
            out.push('\n');
            line = String::from("#");
        }
        line.push(' ');
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{CliOverrides, ConfigLoader};

    /// The template with every commented setting and table header turned on.
    fn uncommented(template: &str) -> String {
        template
            .lines()
            .map(|line| match line.strip_prefix("# ") {
                Some(rest) if is_setting(rest) => rest,
                _ => line,
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn is_setting(text: &str) -> bool {
        text.starts_with("[[")
            || text.split_once(" = ").is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            })
    }

    fn load(dir: &Path, config: &str) -> Result<ConfigLoader, crate::config::ConfigError> {
        let path = dir.join(CONFIG_NAME);
        std::fs::write(&path, config).unwrap();
        std::fs::write(dir.join(GLOSSARY_NAME), GLOSSARY_TEMPLATE).unwrap();
        ConfigLoader::new(CliOverrides {
            config: Some(path),
            ..CliOverrides::default()
        })
    }

    #[test]
    fn template_lists_every_rule_and_option_from_the_registry() {
        let template = config_template(&metas());
        for meta in metas() {
            assert!(
                template.contains(&format!("[rules.{}]\n", meta.id)),
                "{}",
                meta.id
            );
            for option in meta.options.iter() {
                let line = format!("# {} = {}\n", option.name, option.default);
                assert!(template.contains(&line), "{}: {line}", meta.id);
            }
        }
    }

    #[test]
    fn template_names_every_top_level_and_scope_key() {
        let template = uncommented(&config_template(&metas()));
        for key in crate::config::TOP_LEVEL_KEYS
            .iter()
            .chain(crate::config::SCOPE_KEYS)
        {
            let found = template.lines().any(|line| {
                line.starts_with(&format!("{key} = "))
                    || line == format!("[{key}]")
                    || line == format!("[[{key}]]")
                    || line.starts_with(&format!("[{key}."))
            });
            assert!(found, "`{key}` is not in the init template");
        }
    }

    #[test]
    fn template_as_written_loads_and_keeps_the_built_in_settings() {
        let dir = tempfile::tempdir().unwrap();
        let loader = load(dir.path(), &config_template(&metas())).unwrap();
        let page = dir.path().join("page.html");
        let settings = loader.settings_for(&page).unwrap();
        let defaults = ConfigLoader::new(CliOverrides::default())
            .unwrap()
            .settings_for(Path::new("/nonexistent/page.html"))
            .unwrap();
        for meta in metas() {
            assert_eq!(
                settings.rule(meta.id),
                defaults.rule(meta.id),
                "{} changed",
                meta.id
            );
        }
        assert_eq!(settings.scope_content, defaults.scope_content);
        assert_eq!(settings.scope_exclude, defaults.scope_exclude);
        // The one difference: the starter glossary is added, and it loads.
        assert_eq!(settings.glossaries.len(), defaults.glossaries.len() + 1);
        crate::rules::Resources::load(&settings.glossaries).unwrap();
    }

    #[test]
    fn every_commented_setting_is_valid_when_uncommented() {
        let dir = tempfile::tempdir().unwrap();
        let config = uncommented(&config_template(&metas()));
        assert!(config.contains("\nselect = [\"ALL\"]"), "{config}");
        let loader = load(dir.path(), &config).unwrap_or_else(|e| panic!("{e}\n{config}"));
        let settings = loader.settings_for(&dir.path().join("page.html")).unwrap();
        // The uncommented examples select ALL and ignore one rule; the
        // `severity = "off"` lines switch off-by-default rules off again.
        for meta in metas() {
            let rule = settings.rule(meta.id).unwrap();
            if !meta.enabled_by_default {
                assert!(!rule.enabled, "{}", meta.id);
            }
            assert_eq!(rule.severity, meta.default_severity, "{}", meta.id);
        }
    }

    #[test]
    fn init_writes_both_files_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Vec::new();
        assert_eq!(run(dir.path(), &mut out).unwrap(), ExitStatus::Clean);
        let config = std::fs::read_to_string(dir.path().join(CONFIG_NAME)).unwrap();
        assert!(config.contains("[rules.repeated-word]"));

        std::fs::write(dir.path().join(CONFIG_NAME), "# mine\n").unwrap();
        std::fs::remove_file(dir.path().join(GLOSSARY_NAME)).unwrap();
        let err = run(dir.path(), &mut Vec::new()).unwrap_err().to_string();
        assert!(err.contains("already exists"), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join(CONFIG_NAME)).unwrap(),
            "# mine\n"
        );
        assert!(
            !dir.path().join(GLOSSARY_NAME).exists(),
            "a refusal writes neither file"
        );
    }

    #[test]
    fn comments_wrap_at_the_width() {
        let text = comment(&"word ".repeat(40));
        assert!(
            text.lines()
                .all(|l| l.starts_with("# ") && l.len() <= WIDTH)
        );
        assert_eq!(text.lines().count(), 3);
    }
}
