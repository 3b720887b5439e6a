# es: messages of the quality area (see src/i18n.rs).

## Textos que una hoja de cálculo ejecutaría como fórmula (src/quality.rs)

quality-what-table-title = el título del cuadro
quality-what-table-unit = la unidad del cuadro
quality-what-row-label = la fila
quality-formula-tab = un tabulador
quality-formula-carriage-return = un retorno de carro
quality-formula-cell = { $what } «{ $text }» empieza con { $first }, así que una hoja de cálculo que abra el CSV publicado podría ejecutarlo como fórmula: si no es una fórmula, haga que empiece con una letra o una cifra (se publica tal como está escrito)
