# en: messages of the import area (see src/i18n.rs).
