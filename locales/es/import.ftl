# es: mensajes de la importación, faro import (véase src/i18n.rs).

## faro import: la terminal

import-not-a-site = faro import: { $root } no es un sitio de faro (site.yaml no se puede cargar)
import-site-does-not-load = faro import: primero deben cargarse los informes del sitio (la importación reutiliza sus identificadores): corrija los problemas de arriba
import-progress = importando
import-refused = faro import: { $file } no se importó: { $why }
import-summary = faro import: { $ok ->
        [one] { $ok } importado
       *[other] { $ok } importados
    }, { $refused ->
        [one] { $refused } sin importar
       *[other] { $refused } sin importar
    }, { $review ->
        [one] { $review } punto por revisar
       *[other] { $review } puntos por revisar
    }
import-summary-dry-run = {" "}(prueba: no se escribió nada)
import-next = {"  "}siguiente paso: revise los borradores con `faro serve` (o `faro build --drafts`) y luego quite `draft: true` para publicarlos
import-verb-wrote = escribió
import-verb-would-write = escribiría
import-imported = faro import: { $file } → { $verb } { $path } ({ $tables ->
        [one] { $tables } cuadro
       *[other] { $tables } cuadros
    }, { $photos ->
        [one] { $photos } foto
       *[other] { $photos } fotos
    })
import-backup-kept = el informe anterior se guardó como { $backup }
import-captions-without-image = { $count ->
        [one] { $count } pie de foto no tiene imagen en este archivo: ponga la foto junto a index.md y agréguela
       *[other] { $count } pies de foto no tienen imagen en este archivo: ponga las fotos junto a index.md y agréguelas
    }
import-repeated-images = { $count ->
        [one] se omitió { $count } imagen repetida (logotipo, membrete)
       *[other] se omitieron { $count } imágenes repetidas (logotipo, membrete)
    }
import-ids-created = { $count ->
        [one] se creó { $count } identificador (el sitio no tenía un informe del cual tomarlos)
       *[other] se crearon { $count } identificadores (el sitio no tenía un informe del cual tomarlos)
    }
import-new-ids = identificadores nuevos (no están en informes anteriores; una fila con otro nombre partiría un indicador en dos): { $ids }
import-places-to-review = { $count ->
        [one] { $count } punto por revisar: el de arriba, marcado REVISAR en el archivo
       *[other] { $count } puntos por revisar: los de arriba, marcados REVISAR en el archivo
    }

## faro import: por qué un archivo no se importó

import-unreadable = no se puede leer: { $error }
import-file-too-large = el archivo pesa { $bytes } bytes, más de los { $mb } MB que faro importa: divida el documento
import-no-detail = sin detalle
import-reader-failed = el lector de { $kind } falló con este archivo ({ $why }): puede estar dañado o usar una fuente poco común; expórtelo de nuevo o importe el archivo de Word
import-no-tables = no es un informe: no se encontró ningún cuadro (un informe tiene al menos un cuadro de cifras)
import-no-period = no es un informe: no se encontró su mes (ni un título como `— ENERO, 2024 —` ni una línea final que termine en `enero 2024.`): indíquelo con --period AAAA-MM
import-txt-not-utf8 = el archivo de texto no está en UTF-8: guárdelo como texto UTF-8
import-old-doc = es un .doc antiguo de Word: ábralo en Word, guárdelo como .docx e importe ese archivo
import-unknown-kind = faro importa archivos .docx, .pdf y .txt
import-internal-does-not-load = error interno, por favor repórtelo: el informe importado no se puede cargar:
    { $problems }
import-internal-reads-differently = error interno, por favor repórtelo: el informe importado no dice lo mismo que el documento
import-month-twice = { $period } también se importa desde { $other } en esta ejecución: importe un archivo por mes
import-docx-encrypted = el archivo tiene contraseña (está cifrado) o es un .doc antiguo: ábralo en Word, quite la contraseña o guárdelo como .docx, e importe ese archivo
import-docx-unreadable = no es un .docx legible (está dañado o no es un archivo de Word): { $error }
import-docx-too-many-images = el documento tiene { $count } imágenes, más de las { $max } que faro importa: divídalo
import-docx-no-document = no es un documento de Word: falta word/document.xml (está dañado o no es un .docx)
import-docx-images-too-large = las imágenes del documento ocupan más de { $mb } MB al descomprimirlas: divídalo
import-docx-part-not-utf8 = { $name } no está en UTF-8: el .docx está dañado
import-docx-part-unreadable = no se puede leer { $name } dentro del .docx: { $error }
import-docx-part-corrupt = no se puede leer { $name } dentro del .docx (está dañado): { $error }
import-docx-part-too-large = { $name } ocupa más de { $mb } MB al descomprimirlo
import-docx-rels-corrupt = las relaciones internas del .docx están dañadas: { $error }
import-docx-xml-corrupt = word/document.xml está dañado: { $error }
import-pdf-encrypted = el PDF está cifrado (tiene contraseña): expórtelo de nuevo sin contraseña o importe el archivo de Word
import-pdf-unreadable = no es un PDF legible (está dañado o no es un PDF): { $error }
import-pdf-text-unreadable = no se puede leer el texto del PDF: { $error }
import-pdf-too-many-images = el PDF tiene más de { $max } imágenes: divídalo
import-place-link = { $path } es un enlace simbólico: faro import solo escribe en carpetas reales del sitio
import-place-not-folder = { $path } es un archivo, no una carpeta
import-place-create-failed = no se puede crear { $path }: { $error }
import-place-read-failed = no se puede leer { $path }: { $error }
import-place-exists = { $path } ya existe: use --force para reemplazarlo (el archivo anterior se guarda como index.md.bak)
import-place-backup-failed = no se puede guardar el informe anterior como { $path }: { $error }
import-place-write-failed = no se puede escribir { $path }: { $error }

## faro import: puntos por revisar (las líneas `revisar:` y los comentarios REVISAR)

import-period-differs = se usó --period { $given }; el documento dice { $found }
import-docx-image-left-out = se omitió la imagen { $image }: faro importa JPEG y PNG; insértela en Word en uno de esos formatos
import-docx-image-missing = { $target } (no está en el archivo)
import-image-unsupported = imagen en un formato no admitido: { $error }
import-image-png-failed = no se puede convertir a PNG: { $error }
import-pdf-image-left-out = se omitió una imagen: { $why }
import-pdf-image-encoding = la imagen está codificada de una forma que faro no puede convertir
import-pdf-image-too-large = la imagen mide { $width }×{ $height } píxeles, demasiado grande
import-pdf-image-damaged = la imagen está dañada: { $error }
import-pdf-image-size-mismatch = el tamaño de la imagen no corresponde a sus datos
import-caption-alone = el título «{ $caption }» no tiene un cuadro después
import-caption-alone-numbered = el título «{ $caption }» no tiene un cuadro después (Cuadro { $number })
import-table-numbered = Cuadro { $number }
import-table-titled = el cuadro «{ $title }»
import-table-unnamed = un cuadro
import-table-no-rows = { $table } no tiene filas legibles: se conservó con una fila vacía; escriba sus filas
import-table-no-header = { $table } no tiene fila de encabezado: su título se tomó del título del cuadro en el documento
import-row-no-label = { $table }: una fila no tiene etiqueta; se llamó "(sin etiqueta)"
import-empty-cell = una celda vacía
import-no-number = ninguna cifra
import-total-differs = la fila Total dice { $total } y las filas suman { $sum }
import-total-not-a-number = la fila Total contiene { $found }
import-caption-sum-differs = { $table }: el título dice { $said }, pero las filas suman { $sum }: revise el título y las cifras
import-review-value = el documento tiene { $found } aquí; escriba la cifra

## faro import: lectura exacta de PDF, puntos por revisar, carpetas (issue 27)

import-table-no-rows-found = no se encontró ninguna fila
import-review-alt = la foto no tiene pie del que tomar su texto alternativo; descríbala
import-review-point = { $file }:{ $line }: { $what }
import-same-month = faro import: { $file } no se importó: su mes se importó de { $other }
import-table-head-file = archivo
import-table-head-result = resultado
import-table-head-review = por revisar
import-result-imported = importado
import-result-refused = no importado: { $why }
import-result-same-month = mismo mes que { $other }
import-report-not-written = faro import: no se puede escribir el informe { $path }: { $error }

## faro import: el cerco de la lectura (src/import/worker.rs): cada documento
## se lee en un proceso aparte con límites de memoria y de tiempo

import-worker-memory = el documento superó el límite de memoria de { $limit } al leerse: puede estar dañado o hecho para agotar la memoria (si es un informe real, súbalo con --max-memory)
import-worker-time = la lectura del documento no terminó en { $seconds } s, el límite de tiempo: puede estar dañado o hecho para no terminar (si es un informe real, súbalo con --max-seconds)
import-worker-too-deep = el documento está anidado a tanta profundidad que su lector agotó la pila: puede estar dañado o hecho para eso
import-worker-crashed = el lector de { $kind } se detuvo con este archivo ({ $why }): puede estar dañado; expórtelo de nuevo o importe el archivo de Word
import-worker-signal = señal { $signal }
import-worker-exit-code = código de salida { $code }
import-worker-reply-too-large = lo leído del documento pasa de { $limit }
import-worker-no-reply = la respuesta del lector no se pudo leer ({ $error })
import-worker-start-failed = no se pudo iniciar el proceso que lee el documento ({ $error })
import-worker-no-exe = faro import: no se encuentra el programa faro para leer los documentos ({ $error })
import-not-a-file = { $kind ->
        [folder] es una carpeta sin ningún documento .docx, .pdf ni .txt
        [device] es un dispositivo, no un archivo: faro importa solo archivos comunes
        [fifo] es una tubería con nombre (FIFO), no un archivo: faro importa solo archivos comunes
        [socket] es un socket, no un archivo: faro importa solo archivos comunes
       *[other] no es un archivo común: faro importa solo archivos comunes
    }
import-file-changed = el archivo cambió mientras se abría: vuelva a intentarlo
import-pdf-tree-loops = el árbol de páginas del PDF se repite a sí mismo: el archivo está dañado o hecho para no terminar
import-pdf-tree-too-deep = el árbol de páginas del PDF tiene más de { $max } niveles
import-pdf-parent-loops = una página del PDF es su propio antecesor (/Parent): el archivo está dañado o hecho para no terminar
import-pdf-too-many-pages = el PDF tiene más de { $max } páginas: divídalo
import-pdf-stream-inflates = una parte comprimida del PDF se descomprime en más de { $mb } MiB: el archivo está dañado o hecho para agotar la memoria
import-pdf-document-inflates = las partes comprimidas del PDF se descomprimen en más de { $mb } MiB en total
import-pdf-form-draws-itself = un formulario (Form XObject) del PDF se dibuja a sí mismo: el archivo está dañado o hecho para no terminar
import-pdf-forms-too-deep = el PDF anida formularios (Form XObject) a más de { $max } niveles
import-pdf-draws-too-much = las páginas del PDF dibujan más de { $mb } MiB de contenido (formularios repetidos dentro de formularios): el archivo está hecho para agotar la lectura
