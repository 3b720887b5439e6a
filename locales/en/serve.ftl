# en: messages of the serve area (see src/i18n.rs).
