# faro publish (src/publish/): el sitio construido en su servidor web.

cli-publish-about = Publica el sitio construido (public/) en una carpeta o, con rsync, en otra máquina; o muestra la configuración del servidor web.
cli-publish-examples =
    Ejemplos:
      faro build && faro publish /var/www/informes         copia a una carpeta de esta máquina
      faro publish editor@servidor:/var/www/informes        copia por SSH con rsync
      faro publish /var/www/informes --dry-run              dice qué cambiaría, sin copiar nada
      faro publish --print-config nginx                     la configuración de nginx para este sitio
cli-arg-dest = Dónde publicar: una carpeta, o [usuario@]servidor:/ruta para rsync por SSH
cli-arg-publish-output = El sitio construido que se publica; por omisión: RAÍZ/public
cli-arg-publish-dry-run = Dice qué se copiaría y qué se borraría, en orden, sin cambiar nada
cli-arg-rsync = Copia con rsync también cuando DEST es una carpeta de esta máquina
cli-arg-print-config = Muestra la configuración del servidor web para este sitio: apache (el .htaccess que escribe la construcción) o nginx
cli-arg-publish-base-url = Usa esta dirección en lugar del base_url de site.yaml para --print-config

publish-no-dest = diga dónde publicar: faro publish DEST (una carpeta, o usuario@servidor:/ruta), o --print-config apache|nginx
publish-no-build = aquí no hay un sitio construido: ejecute primero `faro build` (en { $root }) y luego otra vez `faro publish`
publish-dest-refused = este destino empieza con "-" y se leería como una opción: escríbalo como ./{ $path } si es una carpeta
publish-dest-unsafe = no se puede publicar aquí: { $reason }
publish-dest-overlaps-output = este destino y el sitio construido ({ $output }) están uno dentro del otro: publique en una carpeta fuera de él
publish-foreign-file = el destino ya tiene aquí un archivo que faro no publicó, con otro contenido; se deja como está y no se publicó nada: muévalo o bórrelo a mano y vuelva a publicar
publish-cannot-read = no se puede leer: { $error }
publish-cannot-write = no se puede escribir: { $error }
publish-cannot-remove = no se puede borrar: { $error }
publish-rsync-missing = no se puede ejecutar rsync ({ $error }): instálelo (apt-get install rsync), aquí y en el servidor
publish-rsync-failed = rsync se detuvo con el código { $code }: { $error }
publish-failed = la publicación en { $dest } se detuvo: las páginas ya copiadas solo enlazan archivos copiados antes que ellas, y el próximo `faro publish` termina el trabajo
publish-dry-run-summary = { $new ->
        [one] se copiaría 1 archivo nuevo
       *[other] se copiarían { $new } archivos nuevos
    } y { $changed ->
        [one] 1 cambiado
       *[other] { $changed } cambiados
    }, y { $removed ->
        [one] se borraría 1
       *[other] se borrarían { $removed }
    } (sin cambios: { $unchanged }); no se cambió nada
publish-done = publicado: { $new ->
        [one] 1 archivo nuevo
       *[other] { $new } archivos nuevos
    }, { $changed ->
        [one] 1 cambiado
       *[other] { $changed } cambiados
    }, { $removed ->
        [one] 1 borrado
       *[other] { $removed } borrados
    } (sin cambios: { $unchanged })
publish-nothing-to-do = nada que publicar: el destino ya tiene este sitio ({ $unchanged ->
        [one] 1 archivo
       *[other] { $unchanged } archivos
    })

# La nota del resumen de la construcción cuando base_url tiene una ruta (src/publish/mod.rs).
publish-robots-note = nota: robots.txt solo funciona en la raíz de un servidor; este sitio está en { $path }, así que su robots.txt no se lee. Pida a quien administra el servidor que añada esta línea a { $robots }: Sitemap: { $sitemap }

# ---- Primera hora (issue 24, puntos 6-7; issue 25, punto 9): una carpeta de destino nueva, un base_url de ejemplo ----
publish-would-create-folder = se crearía la carpeta { $dest } (todavía no existe)
publish-created-folder = se creó la carpeta { $dest }
publish-cannot-create-folder = no se puede crear esta carpeta para publicar en ella: { $error }
publish-dest-parent-missing = la carpeta { $parent } no existe, así que no se crea { $dest }: faro publish solo crea la última carpeta del destino. Revise la ruta (¿un error al escribirla?, ¿un disco o una carpeta compartida sin conectar?) o cree antes las carpetas (mkdir -p { $dest }) y vuelva a publicar
publish-placeholder-base-url = aviso: este sitio se construyó con base_url { $url }, la dirección de ejemplo que escribe `faro init`: el mapa del sitio, el canal de novedades y los enlaces compartidos apuntarán allí, no a su portal. Ponga en base_url, en site.yaml, la dirección donde se publicará el portal (o construya con -u https://…), vuelva a ejecutar `faro build` y luego publique

# ---- Enlaces simbólicos dentro del destino (src/publish/folder.rs) ----
publish-link-refused = esto es un enlace simbólico dentro del destino, en el camino de un archivo que faro publica o borra; faro nunca escribe ni borra a través de un enlace que no creó, y no se publicó nada: póngale en su lugar una carpeta o un archivo de verdad (o haga que el propio DEST sea el enlace) y vuelva a publicar
# ---- fin de los enlaces simbólicos ----
