# es: messages of the content area (see src/i18n.rs).

## Lectura de los archivos de contenido (src/load, src/yamlpos.rs)

load-front-matter-unclosed = la cabecera que abre el `---` de la línea 1 no se cierra: agregue una línea con `---` al final de la cabecera
load-front-matter-not-mapping = la cabecera debe estar hecha de líneas `clave: valor`
load-what-front-matter = la cabecera
load-what-table = un cuadro
load-what-row = una fila
load-what-photo = una foto de la galería
load-what-table-number = el número del cuadro
load-what-total = el total
load-what-value = el valor
load-unknown-key-did-you-mean = la clave `{ $key }` no existe en { $what }. ¿Quiso decir `{ $suggestion }`?
load-unknown-key = la clave `{ $key }` no existe en { $what }. Las claves válidas son: { $known }.
load-yaml-too-deep = la cabecera tiene más de { $max } niveles de sangría unos dentro de otros: simplifíquela
load-yaml-aliases-too-many = los alias (`*nombre`) de la cabecera se convierten en más de { $max } valores: escriba los valores uno por uno
load-yaml-brackets-open = la cabecera abre más de { $max } `[` o `{"{"}` sin cerrarlos: cierre cada `[` con `]` y cada `{"{"}` con `{"}"}`
load-yaml-number-too-large = hay un número demasiado grande (la cantidad más grande posible es { $max })

load-not-text = `{ $key }` debe ser un texto
load-not-boolean = `{ $key }` debe ser true o false (también se aceptan sí, si y yes por true, y no por false)
load-not-list = `{ $key }` debe ser una lista (líneas que empiezan con `- `)
load-count-list-or-mapping = una lista o un grupo de claves
load-date-invalid = `{ $date }` no es una fecha: escriba un día que exista, como AAAA-MM-DD, p. ej. 2024-02-05
load-id-hint-example = por ejemplo `id: cuadro-1`
load-id-hint-write = escriba `id: { $id }`
load-id-not-slug = el id `{ $id }` { $problem }: { $hint }
load-id-problem-empty = está vacío
load-id-problem-not-slug = no sirve como id (los ids llevan solo minúsculas a-z, cifras y `-`)
load-id-problem-too-long = tiene { $length } caracteres, más de { $max }
load-id-no-letters = el `{ $key }` «{ $name }» no tiene letras a-z ni cifras para formar un id: agregue una línea `id:`, por ejemplo `id: cuadro-1`
load-id-name-too-long = este `{ $key }` forma un id de { $length } caracteres, más de { $max }: agregue a su lado una línea `id:` corta, por ejemplo `id: { $id }`
load-count-negative = { $what } es negativo ({ $text }): las cantidades son cero o más
load-count-spaced = { $what } `{ $text }` separa los miles con un espacio: escriba { $digits } o { $grouped }
load-count-misplaced-commas = { $what } `{ $text }` tiene las comas mal puestas: agrupe los miles de tres en tres, como en 1,025,875
load-count-too-large = { $what } { $text } es demasiado grande: la cantidad más grande posible es { $max } (los números mayores pierden cifras en JSON y en las hojas de cálculo)
load-count-not-decimal = { $what } `{ $text }` no es una cantidad: escriba solo cifras, como 1350 o 1,350

load-no-content-folder = no existe la carpeta content: cree content/informes/AAAA/MM/index.md para cada informe
load-period-twice = el periodo { $period } también lo usa { $others }: cada mes tiene un solo informe; cambie `period` en la copia
load-page-same-address = esta página y { $other } se publicarían las dos en /{ $address }: cambie el nombre de una de ellas
load-link-loop = este enlace lleva de vuelta a una carpeta que lo contiene: elimine el enlace
load-link-broken = este enlace no lleva a ninguna parte (su destino no existe): elimínelo o corríjalo
load-cannot-read = no se puede leer: { $error }
load-link-nowhere = ninguna parte (un enlace roto)
load-link-outside = este enlace lleva a { $target }, fuera de la carpeta del sitio: faro solo lee archivos dentro del sitio; mueva o copie el archivo a content/
load-home-twice = este archivo y { $other } serían los dos el texto de la página de inicio: conserve uno solo
load-not-utf8 = el archivo no es texto UTF-8: guárdelo con la codificación UTF-8
load-name-not-utf8 = el nombre de este archivo o carpeta no es texto UTF-8: cámbielo
load-report-misplaced = los informes van en content/informes/AAAA/MM/index.md (por ejemplo content/informes/2024/01/index.md)

load-page-reserved = /{ $section }/ la genera faro: cambie el nombre de esta página (por ejemplo content/sobre-{ $section }.md)
load-page-name-no-letters = el nombre `{ $name }` no tiene letras a-z ni cifras para formar su dirección web: cámbielo, por ejemplo por `pagina-1`
load-page-name-too-long = el nombre `{ $name }` forma una dirección web de { $length } caracteres, más de { $max }: póngale un nombre más corto

load-source-document-not-local = `source_document` debe ser el nombre de un archivo de la carpeta del informe, como informe-enero-2024.pdf
load-period-not-folder = el periodo { $period } no coincide con la carpeta informes/{ $folder }/: mueva el archivo o corrija `period`
load-period-not-month = el periodo `{ $period }` no es un mes: escríbalo como AAAA-MM, p. ej. period: { $folder }
load-period-missing = falta `period`: agregue `period: { $folder }` a la cabecera
load-table-not-mapping = cada cuadro debe tener sus claves `title` y `rows`, una por línea
load-table-id-twice = el id de cuadro `{ $id }` se usa dos veces (cuadros { $first } y { $second }): dé a cada cuadro su propio `id`
load-table-no-title = un cuadro necesita un `title` (su título)
load-table-number-too-large = el número de cuadro { $number } es demasiado grande: numere los cuadros 1, 2, 3…
load-table-no-rows = el cuadro «{ $title }» no tiene filas: agregue `rows:` con un `label` y un `value` en cada fila
load-table-sum-too-large = las filas del cuadro «{ $title }» suman más de { $max }, la cantidad más grande posible: revise los valores
load-table-total-mismatch = el total { $total } no es igual a la suma de las filas, { $sum }: corrija un valor o el total
load-row-not-mapping = cada fila debe tener un `label` y un `value`
load-row-id-twice = el id de fila `{ $id }` se usa dos veces en el cuadro `{ $table }` (filas { $first } y { $second }): dé a cada fila su propio `id`
load-row-no-label = una fila necesita un `label` (su nombre)
load-row-value-empty = el valor de «{ $label }» está vacío: escriba la cifra, o ponga `draft: true` mientras el informe no esté terminado
load-photo-not-mapping = cada foto de la galería necesita `src` y `alt`
load-photo-no-src = una foto de la galería necesita `src`, el nombre del archivo de la foto
load-photo-no-alt = una foto de la galería necesita `alt`: describa lo que muestra la foto, para quienes no pueden verla
load-image-as-text = esta imagen se vería como texto: un nombre de archivo con espacios va entre < y >, así: ![…]({ $fixed }), o cambie el nombre del archivo para que no tenga espacios
load-image-as-text-more = { $count ->
    [one] y una imagen más como estas a partir de aquí
   *[other] y { $count } imágenes más como estas a partir de aquí
}
load-photo-not-local = la foto «{ $src }» debe ser un archivo de la carpeta del informe (sin carpetas superiores ni direcciones web)
load-photo-missing = falta la foto «{ $src }»: ponga el archivo junto a index.md o corrija el nombre
load-photo-outside = la foto «{ $src }» es un enlace a { $target }, fuera de la carpeta del sitio: faro solo publica archivos dentro del sitio; copie aquí la foto

## site.yaml (src/config.rs)

config-cannot-read = no se puede leer la configuración del sitio: { $error }
config-invalid = site.yaml: { $detail }
config-image-quality = images.quality debe estar entre 1 y 100, no { $quality }
config-image-widths = images.widths debe ser una lista de anchos entre 1 y 10000 píxeles
config-calendar-day = calendar.day debe ser un día del mes, de 1 a 31 (o dé calendar.dates, una lista de fechas)
config-calendar-date = calendar.dates: «{ $date }» no es una fecha AAAA-MM-DD

## Temas y plantillas (src/theme.rs, src/render)

theme-not-found = no se encuentra el tema `{ $name }`: no existe la carpeta themes/{ $name }/ (el tema incluido es `igm`)
theme-builtin = (tema igm incluido)
theme-cannot-read = no se puede leer: { $error }
theme-template-not-utf8 = la plantilla no es texto UTF-8: guárdela con la codificación UTF-8
template-out-of-fuel = error en la plantilla: generar `{ $template }` tomó más de { $steps } pasos y se detuvo: busque un bucle que se repite demasiadas veces (un `range` sobre un número grande, o bucles dentro de bucles)
template-error = error en la plantilla: { $detail }
template-missing = esta plantilla falta en el tema

## Rutas de salida (src/output.rs)

output-path-empty = está vacía
output-path-absolute = empieza con `/`
output-path-dot-segment = tiene un tramo `{ $segment }`
output-path-empty-segment = tiene un tramo vacío (`//` o una `/` al final)
output-path-backslash = contiene una barra invertida (`\`)
output-path-control = contiene el carácter de control U+{ $code }
output-path-space = contiene un espacio (U+{ $code })
output-path-not-in-url = contiene `{ $character }`, que una dirección web no admite tal cual
output-path-too-long = tiene un tramo de { $bytes } bytes (un nombre de archivo admite como máximo { $max })
output-path-refused = la ruta de salida `{ $path }` { $problem }
output-path-refused-at = { $refused }: faro solo escribe dentro de la carpeta de salida, en direcciones web sencillas; cambie el nombre de lo que da origen a esta ruta

# ---- Primera hora (issue 24, puntos 6-7; issue 25, punto 9): base_url, draft/sample, ids ----
config-base-url-not-web = base_url "{ $url }" no es una dirección web: escriba la dirección completa donde se publicará el portal, que empiece por https:// (por ejemplo base_url: "https://www.institucion.gob.gt/informes/"), o una ruta que empiece por / (base_url: "/informes/")
config-base-url-characters = base_url "{ $url }" tiene espacios, comillas o signos < >, que una dirección no puede tener: escríbala como la muestra el navegador, por ejemplo base_url: "https://www.institucion.gob.gt/informes/"
config-base-url-option = "{ $url }" no es una dirección web: dé la dirección completa donde se publicará el portal, que empiece por https:// (por ejemplo -u https://www.institucion.gob.gt/informes/), o una ruta que empiece por / (-u /informes/)
config-base-url-placeholder = base_url sigue siendo { $url }, la dirección de ejemplo que escribe `faro init`: el mapa del sitio, el canal de novedades y los enlaces que se compartan apuntarían allí, no al portal. Escriba en esta línea de site.yaml la dirección donde se publicará el portal (o construya con -u https://…)
load-not-boolean-words = `{ $key }` debe ser true o false (también se aceptan sí, si y yes por true, y no por false), no "{ $value }"
load-id-problem-first = no empieza por una letra a-z ni por una cifra (las hojas de cálculo leen como fórmula una celda que empieza por "-")

# ---- Límites de las plantillas del tema (src/render/templates.rs, src/theme.rs) ----
template-page-too-large = error en la plantilla: la página { $page } salió de más de { $limit } MB y se detuvo: busque un valor que se repite o se une consigo mismo muchas veces
template-runaway = { $template }: error en la plantilla: generar la página { $page } pidió { $size } MB de una vez (el límite es { $limit } MB), así que faro se detuvo y no se publicó nada: busque un valor que se duplica (un texto o una lista unidos consigo mismos en un bucle, o una macro que se llama a sí misma)
template-runaway-serve = { $template }: error en la plantilla: generar la página { $page } pidió { $size } MB de una vez (el límite es { $limit } MB): esta reconstrucción se detuvo ahí y la vista previa sigue sirviendo la última versión buena del sitio. Corrija la plantilla (busque un valor que se duplica: un texto o una lista unidos consigo mismos en un bucle, o una macro que se llama a sí misma), luego detenga faro serve y vuelva a iniciarlo
# ---- fin de los límites de las plantillas ----
