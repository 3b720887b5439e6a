# es: messages of the build area (see src/i18n.rs).

## faro check: enlaces rotos y la línea del resultado

check-link-anchor-not-on-page = el enlace `{ $href }` apunta a un ancla que no está en esta página (ningún elemento tiene id="{ $id }"): corrija el enlace o ponga ese id en el título al que debe llevar
check-link-anchor-missing = el enlace `{ $href }` apunta a un ancla que { $target } no tiene (ningún elemento tiene id="{ $id }"): corrija el enlace o ponga ese id en el título al que debe llevar
check-file-missing = `{ $href }` se refiere a un archivo que el sitio no tiene ({ $target }): revise el nombre del archivo o agréguelo
check-link-page-missing = el enlace `{ $href }` apunta a una página que no existe ({ $target }): revise la dirección
check-link-from-templates = { $message } — en la página construida, desde las plantillas del tema{ $also }
check-link-also-on = ; también en { $page }
check-link-also-on-more = ; también en { $page } y { $count ->
        [one] 1 página más
       *[other] { $count } páginas más
    }
check-ok = faro check: correcto — { $reports ->
        [one] 1 informe
       *[other] { $reports } informes
    }, { $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }, { $files ->
        [one] 1 archivo
       *[other] { $files } archivos
    }; el contenido es válido y los enlaces internos y las anclas llevan a su destino{ $warned } ({ $ms } ms)
check-ok-warnings = ; { $count ->
        [one] 1 aviso
       *[other] { $count } avisos
    } arriba (--strict convierte los avisos en errores)
check-failed = faro check: { $count ->
        [one] se encontró 1 problema
       *[other] se encontraron { $count } problemas
    }{ $warnings ->
        [0] {""}
        [one] , 1 de ellos es un aviso
       *[other] , { $warnings } de ellos son avisos
    } (no se escribió nada)

## faro build

build-summary = { $reports ->
        [one] 1 informe
       *[other] { $reports } informes
    }, { $pages ->
        [one] 1 página
       *[other] { $pages } páginas
    }, { $files ->
        [one] 1 archivo
       *[other] { $files } archivos
    }, { $photos ->
        [one] 1 foto
       *[other] { $photos } fotos
    } ({ $cached } ya { $cached ->
        [one] preparada
       *[other] preparadas
    }) en { $ms } ms
build-strict-suffix = {" "}(es un error porque se usó --strict)
build-waiting-for-lock = faro: otra construcción de { $output } está en curso; esperando a que termine…
build-kept-foreign-file = faro: aviso: en una ruta que usa el sitio había un archivo que faro no escribió; se conserva en { $kept }
build-warnings-summary = faro: { $count ->
        [one] 1 aviso
       *[other] { $count } avisos
    }; el sitio se construyó de todos modos (--strict convierte los avisos en errores)

## La carpeta de salida (src/write.rs)

write-open-site = no se puede abrir la carpeta del sitio: { $error }. Revise que la carpeta exista y que usted pueda leerla
write-resolve-output = no se puede determinar dónde está la carpeta de salida: { $error }
write-output-is-site = la carpeta de salida es la misma carpeta del sitio ({ $root }): cada construcción reemplaza entera su carpeta de salida, incluidos site.yaml y content/; elija una carpeta solo para la salida, como public/ dentro de la carpeta del sitio (la de por omisión)
write-output-contains-site = la carpeta de salida ({ $output }) contiene la carpeta del sitio ({ $root }): cada construcción reemplaza entera su carpeta de salida; elija una carpeta solo para la salida, como public/ dentro de la carpeta del sitio (la de por omisión)
write-output-inside-sources = la carpeta de salida ({ $output }) está dentro de la carpeta { $source }/ del sitio: cada construcción reemplaza entera su carpeta de salida y reemplazaría esos archivos; elija una carpeta solo para la salida, como public/ dentro de la carpeta del sitio (la de por omisión)
write-output-is-file = la salida ({ $output }) es un archivo, no una carpeta; elija una carpeta solo para la salida, como public/ dentro de la carpeta del sitio (la de por omisión)
write-broken-link = { $path } es un enlace simbólico roto ({ $error }): corríjalo o bórrelo
write-foreign-folder = esta carpeta no está vacía y no la construyó faro (no tiene { $manifest } al lado), y faro nunca borra archivos que no escribió. Construya en una carpeta nueva o vacía con --output, o ejecute `faro build --force` para adoptar esta: sus archivos seguirán publicados con el sitio, y un archivo en una ruta que el sitio también usa se aparta a { $kept }
write-create-parent = no se puede crear la carpeta que contiene la salida: { $error }
write-lock-output = no se puede reservar la carpeta de salida: { $error }
write-create-staging = no se puede crear la carpeta de preparación: { $error }
write-create-folder = no se puede crear la carpeta: { $error }
write-keep-aside = no se puede apartar el archivo: { $error }
write-move-previous = no se puede apartar el sitio anterior: { $error }
write-move-new = no se puede poner el sitio nuevo en su lugar: { $error }
write-cannot-write = no se puede escribir: { $error }
write-cannot-copy = no se puede copiar: { $error }

## Fotos (src/photos/)

photo-progress = fotos
photo-cache-waiting = faro: otro faro está usando la caché de fotos; esperando a que termine…
photo-cache-create = no se puede crear la caché de fotos: { $error }
photo-cache-lock = no se puede reservar la caché de fotos: { $error }
photo-cache-not-folder = la caché de fotos ({ $cache }) o una carpeta en su camino no es una carpeta, sino un enlace o un archivo: faro no escribe a través de enlaces. Bórrelo (faro vuelve a crear la caché; solo se pierde tiempo) y construya de nuevo
share-picture-failed = no se pudo dibujar la imagen para compartir de esta página ({ $error }); es un error de faro, no del contenido: avise a quien mantiene el sitio
photo-same-output = la foto «{ $name }» se escribiría en el mismo lugar que { $other } ({ $output }): cambie el nombre de una de las dos
photo-missing = no se encuentra la foto «{ $name }» (se buscó { $path }): revise el nombre del archivo
photo-unreadable = no se puede leer la foto «{ $name }»: { $error }
photo-unsupported = faro no puede usar la foto «{ $name }»: es { $what }. Use JPEG, PNG o WebP
photo-too-large = la foto «{ $name }» mide { $width }×{ $height } píxeles ({ $megapixels } megapíxeles), más que el límite de { $limit } megapíxeles: redúzcala, o aumente images.max_megapixels en site.yaml
photo-corrupt = la foto «{ $name }» está dañada o incompleta ({ $why }): reemplace el archivo
photo-encode = no se puede convertir la foto «{ $name }»: { $why }
photo-write = foto «{ $name }»: no se puede escribir { $path }: { $error }
photo-kind-unknown = un archivo que no es una imagen de un formato conocido
photo-kind-format = una imagen { $format }
photo-kind-variant = una variante de su formato que faro no puede leer ({ $detail })
photo-why-no-pixels = la imagen no tiene píxeles
photo-why-jpeg-truncated = los datos JPEG terminan antes que la imagen
photo-why-memory = necesita más memoria de la que permite su tamaño: { $detail }

## faro new: lo que main.ftl no cubre (src/scaffold.rs)

new-cannot-create = no se puede crear: { $error }. Revise que usted pueda escribir en esa carpeta
new-scratch-create = no se puede crear una carpeta temporal: { $error }
new-scratch-write = no se puede escribir en la carpeta temporal: { $error }

## faro build --timings: los pasos

build-step-prepare = carpeta de salida
build-step-load = lectura
build-step-photos = fotos
build-step-derive = cálculos
build-step-render = páginas
build-step-publish = publicación
build-step-search = búsqueda
build-step-search-reused = búsqueda (índice reutilizado)
build-step-search-recent = búsqueda (solo la parte reciente)
build-step-search-archive = búsqueda (solo la parte del archivo)

# Copias comprimidas (src/compress.rs)
compress-cannot-read = no se puede leer este archivo para comprimirlo: { $error }
build-step-compress = comprimir

# An original document that load found but that cannot be read now
# (removed or locked since).
build-cannot-read-document = no se puede leer el documento original { $name }: { $error }. Compruebe que el archivo sigue junto al informe y que se puede abrir, y vuelva a construir.
# The search index (Pagefind) could not be made.
search-cannot-start = búsqueda: no se pudo iniciar el indexador: { $error }
search-failed = búsqueda: Pagefind no pudo indexar el sitio: { $error }. Vuelva a construir; si vuelve a pasar, avise a quien mantiene faro.

# ---- Enlaces simbólicos dentro de la salida (src/write/nofollow.rs) ----
write-link-refused = { $path } es un enlace simbólico que faro no creó: faro nunca escribe ni borra a través de uno. Quítelo (o póngale en su lugar una carpeta de verdad) y vuelva a intentarlo
write-file-in-the-way = { $path } es un archivo donde hace falta una carpeta
# ---- fin de los enlaces simbólicos ----
