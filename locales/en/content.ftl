# en: messages of the content area (see src/i18n.rs).
