# Mensajes de faro en español (el idioma por omisión).
# Cada mensaje tiene su par en en.ftl; la prueba i18n::tests lo comprueba.

## Línea de órdenes: ayuda (--help)

cli-about = faro: generador de sitios estáticos para portales de transparencia.
cli-usage-heading = Uso
cli-options-heading = Opciones
cli-arguments-heading = Argumentos
cli-commands-heading = Órdenes
cli-help = Muestra esta ayuda
cli-version = Muestra la versión
cli-arg-lang = Idioma de los mensajes: es (español) o en (inglés); también FARO_LANG
cli-build-about = Construye el sitio en public/ (o en --output).
cli-build-examples =
    Ejemplos:
      faro build                      construye el sitio de esta carpeta en public/
      faro build -r sitio -o salida   construye sitio/ en salida/
      faro build -D                   incluye los borradores
cli-check-about = Revisa el contenido, los enlaces internos y la calidad de los datos; no escribe nada.
cli-check-examples =
    Ejemplos:
      faro check                      revisa el sitio de esta carpeta
      faro check --format json        el resultado como JSON, para otras herramientas
cli-new-about = Crea el borrador de un mes con los cuadros del último informe, sin cifras.
cli-new-examples =
    Ejemplos:
      faro new 2024-07                crea content/informes/2024/07/index.md
cli-serve-about = Vista previa: construye, sirve y recarga las páginas al guardar.
cli-serve-examples =
    Ejemplos:
      faro serve                      vista previa en http://127.0.0.1:1111/
      faro serve --open               y la abre en el navegador
      faro serve -p 8080              en otro puerto
cli-init-about = Crea un portal nuevo que se construye de inmediato.
cli-init-examples =
    Ejemplos:
      faro init portal --institution "Instituto Nacional de Estadística"
cli-arg-root = La carpeta del sitio (con site.yaml y content/) (por omisión, la carpeta actual)
cli-arg-output = Dónde escribir el sitio; por omisión RAIZ/public
cli-arg-base-url = Reemplaza el base_url de site.yaml, p. ej. https://ejemplo.org/portal/
cli-arg-drafts = Incluye los informes y páginas marcados draft: true
cli-arg-timings = Muestra cuánto tardó cada paso de la construcción
cli-arg-force = Construye en una carpeta que no está vacía y que faro no construyó; sus archivos se conservan
cli-arg-strict = Trata los avisos como errores: no escribe nada y termina con 1 si hay alguno
cli-arg-format = text: líneas `ruta:línea:columna: mensaje`; json: un objeto en la salida (por omisión, text)
cli-arg-period = El mes, como AAAA-MM (p. ej. 2024-02)
cli-arg-bind = Dirección en la que escuchar; otra que no sea la local muestra la vista previa a la red (por omisión, 127.0.0.1)
cli-arg-port = Puerto; si está ocupado se usa el siguiente libre (por omisión, 1111)
cli-arg-open = Abre la vista previa en el navegador
cli-arg-no-drafts = No muestra los borradores (por omisión la vista previa los muestra, marcados)
cli-arg-serve-full = Reconstruye todo el sitio cada vez que se guarda (por omisión, guardar un informe o una página reconstruye solo las páginas que cambian)
cli-arg-dir = La carpeta del portal nuevo (no debe existir o debe estar vacía)
cli-arg-institution = El nombre de la institución
cli-arg-title = El título del portal (por omisión «Informes de …» con la institución)
cli-arg-init-base-url = La dirección donde se publicará, p. ej. https://ejemplo.org/informes/

cli-import-about = Importa informes de Word (.docx), PDF o texto como borradores, con sus fotos.
cli-import-examples =
    Ejemplos:
      faro import informe-enero-2024.docx        un informe de Word
      faro import archivo/                        todos los .docx, .pdf y .txt de una carpeta y sus subcarpetas, en paralelo
      faro import archivo/ --report informe.json  y lo que pasó con cada archivo, en un JSON
      faro import informe.pdf --period 2024-01    cuando el documento no dice el mes
cli-arg-files = Los documentos a importar (.docx, .pdf o .txt) o carpetas que los contienen
cli-arg-import-period = El mes, cuando el documento no lo dice (AAAA-MM)
cli-arg-import-force = Reemplaza un mes que ya existe (el archivo anterior se guarda como index.md.bak)
cli-arg-dry-run = Lee y revisa todo sin escribir nada
cli-arg-keep-original = Copia el documento importado en la carpeta del informe, para descargarlo
cli-arg-import-report = Escribe en este archivo JSON lo que pasó con cada documento: importado, no importado (por qué) y los puntos por revisar

cli-arg-max-memory = Memoria que puede usar la lectura de cada documento, en MiB (1024 si no se indica): un documento que necesita más se rechaza
cli-arg-max-seconds = Segundos que puede tardar la lectura de cada documento (60 si no se indica): un documento que tarda más se rechaza

## faro build

build-done = faro: sitio construido { $root } → { $output }: { $summary }
build-failed = faro: { $count ->
        [one] { $count } problema; no se escribió nada, { $output } sigue igual
       *[other] { $count } problemas; no se escribió nada, { $output } sigue igual
    }
build-no-site = { $root } no es la carpeta de un sitio: falta site.yaml. Indique la carpeta con --root (p. ej. faro build --root mi-portal) o cree un portal con: faro init CARPETA --institution "…"
build-refused-output = faro: no se construyó nada; { $output } sigue igual

## faro new

new-created = faro: creado { $path }
new-based-on = { "  " }un borrador con los cuadros del informe de { $period }, todas las cifras vacías
new-example = { "  " }un borrador con un cuadro de ejemplo (no había ningún informe que copiar)
new-next =
    Siguientes pasos:
      1. Abra { $path } y escriba la cifra de cada fila después de «value:».
      2. Véalo mientras escribe con: faro serve   (los borradores se muestran marcados)
      3. Para publicarlo, borre la línea «draft: true» y ejecute: faro build
new-exists = { $path } ya existe: faro new nunca reemplaza un informe; edite ese archivo
new-site-broken = faro new copia los cuadros del último informe, así que el sitio debe poder leerse: corrija primero los problemas de arriba
new-internal = error interno, por favor avísenos: { $detail }
new-bad-period-spaces = escriba el mes como AAAA-MM sin espacios, p. ej. faro new 2024-02
new-bad-period = no es un mes: escríbalo como AAAA-MM (año de cuatro cifras, mes 01–12), p. ej. faro new 2024-02

## faro init

init-created = faro: portal creado en { $dir }
init-next =
    Siguientes pasos:
      cd { $dir }
      faro serve      vista previa con recarga al guardar
      faro build      construye el sitio en public/
    El informe de ejemplo está marcado «sample: true»: reemplácelo con un informe real (faro new AAAA-MM o faro import).
init-not-empty = { $dir } ya existe y no está vacía: faro init solo crea portales en una carpeta nueva o vacía, para no reemplazar nada
init-cannot-write = no se pudo escribir { $path }: { $error }
init-bad-institution = falta el nombre de la institución: --institution "Nombre de la institución"

## faro serve

serve-open-failed = faro: no se pudo abrir el navegador ({ $error }); abra { $url } a mano

## Usage

usage-bad-lang = idioma desconocido «{ $lang }»: use es o en

## Errores de sintaxis YAML (la cabecera entre las líneas ---)

yaml-tab = hay un tabulador en la sangría de la línea { $line }: use espacios (YAML no admite tabuladores); reemplace el tabulador por espacios
yaml-unclosed-quote = las comillas abiertas en la línea { $line } no se cierran: agregue { $quote } al final del valor
yaml-missing-space = falta un espacio después de «:» en «{ $key }:{ $value }»: escriba «{ $key }: { $value }»
yaml-colon-in-value = el valor de «{ $key }» contiene «:», que YAML lee como otra clave: póngalo entre comillas, así: { $key }: { $quoted }
yaml-misindented-item = el elemento «-» de la línea { $line } no está alineado con los demás de su lista: tiene { $found } espacios de sangría y los demás { $expected }; use la misma sangría
yaml-duplicate-key = la clave «{ $key }» aparece dos veces (líneas { $first } y { $line }): deje solo una
yaml-general = la cabecera YAML no se puede leer aquí: { $why }. Revise las comillas, la sangría (solo espacios) y que después de cada «:» haya un espacio

## Problemas

diag-warning = aviso

## Correcciones y documento original (front matter de un informe)

corrections-not-a-list = `corrections` debe ser una lista: cada corrección empieza con «- date: AAAA-MM-DD»
corrections-not-a-mapping = cada corrección necesita `date` y `note` (y, si corrige una cifra, `indicator` y `previous`)
corrections-date-missing = a esta corrección le falta `date`: la fecha en que se corrigió, p. ej. date: 2024-03-10
corrections-date-invalid = la fecha `{ $date }` no es una fecha: escríbala como AAAA-MM-DD, p. ej. 2024-03-10
corrections-note-missing = a esta corrección le falta `note`: diga en una frase qué se corrigió
corrections-indicator-unknown = este informe no tiene el indicador `{ $id }`: escríbalo como cuadro/fila.{ $hint }
corrections-did-you-mean = { " " }¿Quiso decir `{ $id }`?
corrections-known = { " " }Indicadores de este informe: { $ids }.
corrections-previous-invalid = `previous` debe ser la cifra publicada antes: un número entero como 185 o 1,350
corrections-document-not-local = el documento original «{ $name }» debe ser un archivo junto a index.md (sin carpetas ni direcciones web)
corrections-document-missing = falta el documento original «{ $name }»: póngalo junto a index.md o corrija el nombre
corrections-unrecorded = la cifra publicada de { $indicator } cambia de { $old } a { $new } y no hay una corrección que lo registre: si el cambio es correcto, agregue al front matter
    { $yaml }

## Definiciones de indicadores (content/indicadores/)

definitions-bad-place = una definición va en content/indicadores/CUADRO/FILA.md (un indicador) o content/indicadores/CUADRO/_index.md (un cuadro), con los identificadores tal como aparecen en los informes
definitions-missing = el indicador { $id } («{ $label }») no tiene definición: escriba qué cuenta y cómo en { $file }
definitions-orphan = ningún informe tiene el indicador o cuadro «{ $id }»: corrija el nombre del archivo o de la carpeta

## Licencia y contacto (site.yaml)

license-unknown = licencia desconocida «{ $id }»: use una de { $known }, o escríbala completa como license: {"{"} name: ID, title: "Nombre", path: "https://…" {"}"}
license-custom-invalid = una licencia escrita completa necesita name, title y path (su dirección https://…)
license-contact-invalid = el contacto «{ $contact }» no es un correo ni una dirección web: escriba p. ej. transparencia@institucion.gob.gt o https://institucion.gob.gt/contacto

## Calidad de los datos (avisos)

quality-far-above = el valor { $value } de { $id } es más de 5 veces la mediana de sus últimos 12 meses ({ $median }, en { $months } meses): ¿sobra un cero?
quality-far-below = el valor { $value } de { $id } es menos de una quinta parte de la mediana de sus últimos 12 meses ({ $median }, en { $months } meses): ¿falta una cifra?
quality-renamed = «{ $label }» ({ $id }) es nuevo y se parece a «{ $old_label }» ({ $old_id }) de { $period }, que falta: si es el mismo indicador, agregue `id: { $row_id }` a esta fila para no partir su serie
quality-missing = el indicador { $id } («{ $label }») de { $period } no está en este informe: ¿se cambió el nombre de la fila o se quitó?
quality-copied-table = todos los valores del cuadro «{ $title }» son iguales a los de { $period }: ¿se copió el cuadro sin actualizarlo?
quality-decomposed = «{ $text }» tiene acentos descompuestos (texto pegado de un PDF): escríbalo de nuevo como «{ $fixed }»
quality-invisible = «{ $text }» contiene un carácter invisible ({ $code }): bórrelo y escriba el texto de nuevo

# ---- Primera hora (issue 24, puntos 6-7): faro init ----
init-bad-title = el título está vacío: escriba el título del portal entre comillas, --title "Informes del Instituto …", o quite --title para que se forme con el nombre de la institución
