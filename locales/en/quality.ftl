# en: messages of the quality area (see src/i18n.rs).

## Text a spreadsheet would run as a formula (src/quality.rs)

quality-what-table-title = table title
quality-what-table-unit = table unit
quality-what-row-label = label
quality-formula-tab = a tab
quality-formula-carriage-return = a carriage return
quality-formula-cell = { $what } "{ $text }" starts with { $first }, so spreadsheets opening the published CSV may run it as a formula: if it is not meant as one, start it with a letter or digit (it is published exactly as written)
