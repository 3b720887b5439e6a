# en: messages of the build area (see src/i18n.rs).
