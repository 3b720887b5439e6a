# en: messages of the quality area (see src/i18n.rs).
