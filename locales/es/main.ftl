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
      faro import archivo/*.pdf                   todos los PDF de una carpeta, en paralelo
      faro import informe.pdf --period 2024-01    cuando el documento no dice el mes
cli-arg-files = Los documentos a importar (.docx, .pdf o .txt)
cli-arg-import-period = El mes, cuando el documento no lo dice (AAAA-MM)
cli-arg-import-force = Reemplaza un mes que ya existe (el archivo anterior se guarda como index.md.bak)
cli-arg-dry-run = Lee y revisa todo sin escribir nada
cli-arg-keep-original = Copia el documento importado en la carpeta del informe, para descargarlo

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

## ---- Todo en español (issue 24, punto 5): errores de uso, del sistema y de YAML ----

## Línea de órdenes: errores de uso (src/cli.rs), en lugar de los de clap

cli-usage-options = [OPCIONES]
cli-command-value = ORDEN
cli-value-root = RAÍZ
cli-value-output = SALIDA
cli-value-base-url = URL
cli-value-period = AAAA-MM
cli-value-files = ARCHIVO
cli-value-dir = CARPETA
cli-value-institution = INSTITUCIÓN
cli-value-title = TÍTULO
cli-value-bind = IP
cli-value-port = PUERTO
cli-value-format = text|json
cli-quoted = «{ $text }»
cli-more-info = Para más información: { $command } --help
cli-tip-did-you-mean = { $count ->
        [one] ¿Quiso decir { $names }?
       *[other] ¿Quiso decir alguno de estos? { $names }
    }
cli-tip-dash-dash = para pasar «{ $arg }» como valor y no como opción, escriba -- { $arg }
cli-tip-valid-values = valores posibles: { $values }
cli-error-unknown-subcommand = «{ $name }» no es una orden de faro
cli-error-unknown-option = la opción «{ $arg }» no existe aquí
cli-error-extra-argument = sobra «{ $arg }»: esta orden no lo recibe
cli-error-missing = { $count ->
        [one] falta un argumento obligatorio: { $args }
       *[other] faltan argumentos obligatorios: { $args }
    }
cli-error-missing-subcommand = falta la orden: escriba una de { $names }
cli-error-missing-value = falta el valor de { $arg }
cli-error-invalid-value = «{ $value }» no es un valor válido para { $arg }
cli-error-value-refused = «{ $value }» no es un valor válido para { $arg }: { $why }
cli-error-not-a-number = escriba un número entero
cli-error-number-too-large = el número es demasiado grande
cli-error-out-of-range = escriba un número de { $min } a { $max }
cli-error-not-accepted = no se acepta
cli-error-too-many-values = { $arg } no lleva el valor «{ $value }»
cli-error-too-few-values = a { $arg } le faltan valores
cli-error-conflict = { $arg } no se puede usar junto con { $other }
cli-error-no-equals = escriba el valor de { $arg } con «=», así: { $arg }=VALOR
cli-error-utf8 = un argumento no es texto válido (UTF-8)
cli-error-other = la línea de órdenes no es válida

## Errores del sistema operativo (i18n::io_error): qué pasó, en palabras

io-not-found = no existe
io-permission-denied = sin permiso: revise los permisos del archivo o de la carpeta
io-already-exists = ya existe
io-is-a-directory = es una carpeta, no un archivo
io-not-a-directory = una parte de la ruta es un archivo, no una carpeta
io-directory-not-empty = la carpeta no está vacía
io-storage-full = el disco está lleno: libere espacio y vuelva a intentarlo
io-quota = se acabó el espacio asignado en el disco: libere espacio y vuelva a intentarlo
io-read-only = el disco o la carpeta es de solo lectura
io-file-too-large = el archivo es demasiado grande para este disco
io-name-too-long = el nombre o la ruta es demasiado largo
io-too-many-links = el archivo tiene demasiados enlaces
io-loop = hay enlaces simbólicos que llevan unos a otros en círculo, o demasiados encadenados
io-too-many-open = hay demasiados archivos abiertos a la vez: cierre otros programas y vuelva a intentarlo
io-crosses-devices = no se puede mover de un disco a otro
io-busy = otro programa lo está usando
io-device = el disco no pudo leer o escribir (puede estar dañado o desconectado)
io-invalid-data = el contenido no es válido (p. ej., no es texto UTF-8)
io-invalid-input = el nombre o el valor no es válido
io-unexpected-eof = el archivo termina antes de tiempo: está incompleto
io-write-zero = no se pudo escribir nada
io-timed-out = tardó demasiado
io-interrupted = se interrumpió
io-out-of-memory = no hay memoria suficiente
io-unsupported = este sistema no lo permite
io-addr-in-use = la dirección ya está en uso: otro programa escucha en ese puerto
io-addr-not-available = esta computadora no tiene esa dirección
io-connection-refused = la conexión fue rechazada
io-connection-closed = la conexión se cerró
io-network = no se llega a la red
io-would-block = todavía no está listo
io-stale-network = el archivo de red ya no está disponible
io-other = error del sistema
io-other-code = error del sistema número { $code }

## Errores de sintaxis YAML: qué encontró el lector, en palabras (src/yamlerror.rs)

yaml-why-key = una línea no empieza con una clave donde debería: revise la sangría de esta línea y de la anterior
yaml-why-item = aquí debería seguir otro elemento «- » de la lista: revise la sangría
yaml-why-colon = hay un «:» donde no puede empezar una clave: si es parte del texto, ponga el valor entre comillas; si es una clave, revise su sangría
yaml-why-dash = hay un elemento de lista «- » donde no puede ir: revise la sangría, o ponga el valor entre comillas
yaml-why-no-colon = a una clave le falta su «:»
yaml-why-start-char = un valor empieza con un carácter reservado de YAML (como @, `, % o -): ponga el valor entre comillas
yaml-why-bracket = una lista abierta con «[» no se cierra con «]», o le falta una coma entre sus elementos
yaml-why-brace = un grupo abierto con «{"{"}» no se cierra con «{"}"}», o le falta una coma entre sus claves
yaml-why-no-value = falta un valor
yaml-why-quote = unas comillas abiertas no se cierran
yaml-why-escape = entre comillas dobles, una barra invertida «\» forma una secuencia que YAML no conoce: use comillas simples, o escriba «\\»
yaml-why-tab = hay un tabulador donde YAML solo admite espacios
yaml-why-alias = un alias «*nombre» se refiere a un ancla «&nombre» que no se definió antes: si es texto, ponga el valor entre comillas
yaml-why-anchor = dos anclas «&nombre» tienen el mismo nombre
yaml-why-anchor-name = después de «&» o «*» debe ir un nombre: si es texto, ponga el valor entre comillas
yaml-why-tag = una etiqueta «!» que faro no usa: si es texto, ponga el valor entre comillas
yaml-why-document = una marca de documento YAML («---», «...» o una línea que empieza con «%») donde no puede ir
yaml-why-block = un texto de varias líneas («|» o «>») está mal escrito: póngalo en las líneas siguientes, con más sangría que su clave
yaml-why-indent = la sangría de esta línea no corresponde con la de las anteriores
yaml-why-encoding = hay un carácter de control o bytes que no son texto UTF-8: borre el carácter invisible o guarde el archivo como UTF-8
yaml-why-too-deep = la cabecera anida demasiados niveles
yaml-why-comment = el «#» de un comentario debe ir después de un espacio
yaml-why-space = después de «-» y de «:» debe ir un espacio
yaml-why-after-quote = hay texto después de las comillas que cierran un valor: ponga todo el valor entre las comillas
yaml-why-incomplete = la cabecera termina antes de tiempo
yaml-why-unknown = algo no sigue las reglas de YAML

## site.yaml: valores que no son del tipo esperado (src/yamlerror.rs)

config-missing-key = falta la clave «{ $key }»
config-wrong-type = el valor de «{ $key }» no es de la forma que debe tener (texto, número, lista o grupo de claves): revise cómo se escribe
config-wrong-type-top = site.yaml debe ser un grupo de claves, como «title: …»
config-unknown-variant = «{ $value }» no es un valor posible de «{ $key }»: use { $values }
config-wrong-value = el valor de «{ $key }» no es válido: revise cómo se escribe

## Configuración del servidor web: los comentarios (src/publish/server.rs)

server-apache-header =
    Escrito por faro build para { $url }; se reemplaza en cada construcción.
    Necesita AllowOverride FileInfo Indexes (o All) para esta carpeta.
server-apache-compressed = La copia .br o .gz de un archivo, cuando el navegador la acepta.
server-apache-no-recompress = Comprimido una vez, por faro: mod_deflate y mod_brotli no lo comprimen de nuevo.
server-manifest = El registro de lo que faro publish puso aquí no es parte del sitio.
server-nginx-header =
    faro: { $url }
    Va dentro del bloque `server {"{"} … {"}"}` del servidor. El `root` (o `alias`)
    de ese bloque debe llevar al sitio construido en { $base }: p. ej., la
    carpeta public/ publicada como <root>{ $base }.
server-nginx-gz = Las copias .gz las sirve el propio nginx.
server-nginx-cache = Los nombres con hash se guardan un año; las páginas y los datos se revisan cada vez.
server-nginx-br =
    Las copias .br se sirven desde las ubicaciones de abajo. La dirección de
    una carpeta vuelve aquí como su index.html (`index`), y se sirve igual.

## La búsqueda: una página construida que no se puede leer (src/search/mod.rs)

search-cannot-read-page = búsqueda: no se puede leer la página construida: { $error }
