# es: mensajes de la vista previa, faro serve (véase src/i18n.rs).

## faro serve: la terminal

serve-bind-invalid = `{ $text }` no es una dirección IP (p. ej. 127.0.0.1 o ::1)
serve-root-not-folder = { $root } no es una carpeta: indique la carpeta del sitio con --root
serve-address-unreadable = no se pudo leer la dirección en la que se escucha: { $error }
serve-visible-on-network = faro: aviso: se escucha en { $ip }: cualquiera que llegue a esta computadora por la red puede ver la vista previa (borradores incluidos)
serve-create-failed = no se pudo crear { $path }: { $error }
serve-open-failed-folder = no se pudo abrir { $path }: { $error }
serve-thread-failed = no se pudo iniciar el servidor: { $error }
serve-building = faro: construyendo { $root } para la vista previa…
serve-serving = faro: vista previa de { $root } en { $url } (Ctrl-C para detenerla)
serve-stopped-watching = se dejó de vigilar los cambios
serve-output-is-link = { $path } es un enlace simbólico: la vista previa se construye y se sirve desde { $output }, nunca a través de un enlace, que podría mostrar o sobrescribir archivos de otro lugar. Quite el enlace (no es de faro) y vuelva a ejecutar faro serve
serve-output-not-folder = { $path } no es una carpeta: la vista previa se construye en { $output }. Muévalo a otro lugar y vuelva a ejecutar faro serve
serve-connection-failed = faro: no se pudo atender una conexión: { $error }
serve-port-moved = faro: el puerto { $port } está ocupado; se usa el { $candidate }
serve-listen-failed = no se puede escuchar en { $address }: { $error }
serve-port-busy = el puerto { $port } está ocupado en { $ip }; elija otro con --port
serve-ports-busy = los puertos { $first } a { $last } están todos ocupados en { $ip }; elija otro con --port
serve-rebuilt = faro: reconstruido ({ $changes }): { $summary }
serve-built = faro: construido: { $summary }
serve-build-failed = faro: no se pudo construir ({ $count ->
        [one] { $count } problema
       *[other] { $count } problemas
    }); se sigue mostrando el último sitio correcto
serve-change-more = { $count } más
serve-watch-failed = no se pueden vigilar los cambios de { $root }: { $error }
serve-watch-path-failed = faro: aviso: no se puede vigilar { $path }: { $error }
serve-watch-error = faro: aviso: al vigilar los cambios: { $error }

## faro serve: respuestas que muestra el navegador

serve-http-method-not-allowed = método no permitido
serve-http-bad-request = solicitud incorrecta
serve-http-moved = movido
serve-http-forbidden = prohibido
serve-http-not-found = no encontrado
serve-http-unreadable = no se pudo leer el archivo
serve-http-range = rango no disponible
serve-http-misdirected = solicitud mal dirigida: esta es la vista previa de faro, que solo responde a http://127.0.0.1:{ $port }/ o http://localhost:{ $port }/, y la solicitud iba dirigida a `{ $host }`
serve-http-misdirected-no-host = solicitud mal dirigida: esta es la vista previa de faro, que solo responde a http://127.0.0.1:{ $port }/ o http://localhost:{ $port }/, y la solicitud no decía a qué servidor iba dirigida
serve-http-too-large = encabezados de la solicitud demasiado grandes: como mucho { $bytes } bytes y { $headers } encabezados
serve-http-malformed = solicitud incorrecta: no es una solicitud HTTP/1.1
serve-http-timeout = la solicitud tardó demasiado
serve-404-title = Página no encontrada
serve-404-text = La vista previa de faro no tiene (todavía) una página en esta dirección.

## faro serve: el aviso sobre la vista previa

serve-overlay-errors-title = faro: no se pudo reconstruir el sitio ({ $count ->
        [one] { $count } problema
       *[other] { $count } problemas
    })
serve-overlay-errors-note = Debajo se ve la última versión correcta. Corrija el archivo y guárdelo: este aviso se irá solo, y la página se recargará si el arreglo la cambió.
serve-overlay-warnings-title = faro: el sitio se construyó, con { $count ->
        [one] { $count } aviso
       *[other] { $count } avisos
    }
serve-overlay-warnings-note = Conviene revisarlos; la página está al día. Corrija el archivo y guárdelo para que desaparezcan.
serve-overlay-hide = Ocultar

# ---- Primera hora (issue 24, puntos 6-7): cada aviso se muestra una vez ----
serve-warnings-repeated = faro: { $count ->
    [one] 1 aviso igual que antes, no se repite aquí (el recuadro de avisos de la página lo muestra)
   *[other] { $count } avisos igual que antes, no se repiten aquí (el recuadro de avisos de la página los muestra)
}
