//! Small pieces every step uses: messages and their language (`i18n`),
//! problems with their place (`diag`), numbers as Guatemala writes them
//! (`numfmt`), slugs, licences, excerpts and YAML text.

pub mod atomic;
pub mod diag;
pub mod excerpt;
pub mod fingerprint;
pub mod i18n;
pub mod junk;
pub mod license;
pub mod numfmt;
pub mod real_folder;
pub mod slug;
pub mod yamlwrite;
