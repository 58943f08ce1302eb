//! Settings for open documents, found exactly as `copydesk check` finds
//! them (the same [`ConfigLoader`], walking up from the document's path to
//! the nearest `copydesk.toml`), but kept fresh for a process that lives as
//! long as the editor: the loader and the loaded glossaries are cached, and
//! thrown away as soon as a configuration or glossary file they read
//! changes on disk, or a nearer `copydesk.toml` appears. Checking costs a
//! few `stat` calls per lint, far less than parsing the page.

use crate::config::{
    CliOverrides, ConfigError, ConfigLoader, GlossarySource, Settings, find_config,
};
use crate::glossary::GlossaryError;
use crate::rules::Resources;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// Why a document could not be linted with its settings.
#[derive(Debug, Clone, thiserror::Error)]
pub enum SettingsError {
    #[error("configuration error: {0}")]
    Config(ConfigError),
    #[error("glossary error: {0}")]
    Glossary(GlossaryError),
}

/// What a file looked like when it was read: enough to notice an edit.
type Stamp = Option<(Option<SystemTime>, u64)>;

fn stamp(path: &Path) -> Stamp {
    std::fs::metadata(path)
        .ok()
        .map(|m| (m.modified().ok(), m.len()))
}

/// The cached loader and glossaries, and the files they depend on.
#[derive(Default)]
pub struct SettingsCache {
    loader: Option<ConfigLoader>,
    resources: HashMap<Vec<GlossarySource>, Result<Arc<Resources>, GlossaryError>>,
    /// Every configuration and glossary file read, as it was then.
    stamps: HashMap<PathBuf, Stamp>,
    /// Folder of a linted document -> the configuration file found for it.
    discovered: HashMap<PathBuf, Option<PathBuf>>,
}

impl SettingsCache {
    /// Forgets everything, so the next lint reads the configuration afresh
    /// (the client said files or settings changed).
    pub fn clear(&mut self) {
        *self = SettingsCache::default();
    }

    /// The settings and loaded glossaries for a document at `path`.
    pub fn for_file(
        &mut self,
        path: &Path,
    ) -> Result<(Arc<Settings>, Arc<Resources>), SettingsError> {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let dir = absolute.parent().unwrap_or(Path::new("/")).to_owned();
        let config = find_config(&dir);
        if self.is_stale(&dir, &config) {
            self.clear();
        }
        if let Some(config) = &config {
            self.stamps
                .entry(config.clone())
                .or_insert_with(|| stamp(config));
        }
        self.discovered.insert(dir, config);

        let loader = match self.loader.take() {
            Some(loader) => loader,
            None => ConfigLoader::new(CliOverrides::default()).map_err(SettingsError::Config)?,
        };
        let settings = loader.settings_for(&absolute);
        self.loader = Some(loader);
        let settings = settings.map_err(SettingsError::Config)?;
        for glossary in &settings.glossaries {
            if let GlossarySource::File(file) = glossary {
                self.stamps
                    .entry(file.clone())
                    .or_insert_with(|| stamp(file));
            }
        }
        let resources = self
            .resources
            .entry(settings.glossaries.clone())
            .or_insert_with(|| Resources::load(&settings.glossaries).map(Arc::new))
            .clone()
            .map_err(SettingsError::Glossary)?;
        Ok((settings, resources))
    }

    /// Whether a file read earlier has changed, or `dir` now finds another
    /// configuration file than it did.
    fn is_stale(&self, dir: &Path, config: &Option<PathBuf>) -> bool {
        if self.discovered.get(dir).is_some_and(|seen| seen != config) {
            return true;
        }
        self.stamps.iter().any(|(path, seen)| stamp(path) != *seen)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edited_configuration_is_read_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        let page = dir.path().join("page.html");
        let config = dir.path().join("copydesk.toml");
        let mut cache = SettingsCache::default();
        let enabled = |cache: &mut SettingsCache| {
            let (settings, _) = cache.for_file(&page).expect("settings");
            settings
                .rule("glossary-spelling")
                .is_some_and(|r| r.enabled)
        };
        assert!(enabled(&mut cache), "on by default");

        // A configuration file appears next to the page.
        std::fs::write(&config, "ignore = [\"glossary-spelling\"]\n").expect("write");
        assert!(!enabled(&mut cache), "the new file is found");

        // Same file, other content (and length, so coarse clocks see it too).
        std::fs::write(&config, "ignore = []\n").expect("write");
        assert!(enabled(&mut cache), "the edit is seen");

        std::fs::write(&config, "ignore = [\"no-such-rule\"]\n").expect("write");
        match cache.for_file(&page) {
            Err(SettingsError::Config(e)) => assert!(e.message.contains("no-such-rule"), "{e}"),
            Err(e) => panic!("{e}"),
            Ok(_) => panic!("a broken configuration is an error"),
        }
    }
}
