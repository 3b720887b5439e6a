# es: errores de uso, del sistema y de YAML en palabras, y los comentarios de la
# configuración del servidor (véase src/i18n.rs).

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
server-apache-compressed = La copia .br de un archivo, cuando el navegador acepta brotli.
server-apache-no-recompress = Comprimido una vez, por faro: mod_deflate y mod_brotli no lo comprimen de nuevo.
server-apache-deflate = gzip, comprimido al vuelo por mod_deflate, para los navegadores sin brotli y los archivos sin copia.
server-manifest = El registro de lo que faro publish puso aquí no es parte del sitio.
server-nginx-header =
    faro: { $url }
    Va dentro del bloque `server {"{"} … {"}"}` del servidor. El `root` (o `alias`)
    de ese bloque debe llevar al sitio construido en { $base }: p. ej., la
    carpeta public/ publicada como <root>{ $base }.
server-nginx-gz = gzip, comprimido al vuelo por nginx, para los navegadores sin brotli y los archivos sin copia.
server-nginx-cache = Los nombres con hash se guardan un año; las páginas y los datos se revisan cada vez.
server-nginx-br =
    Las copias .br se sirven desde las ubicaciones de abajo. La dirección de
    una carpeta vuelve aquí como su index.html (`index`), y se sirve igual.

## La búsqueda: una página construida que no se puede leer (src/search/mod.rs)

search-cannot-read-page = búsqueda: no se puede leer la página construida: { $error }
