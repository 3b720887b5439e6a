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
check-ok = faro check: correcto — { $reports } informes, { $pages } páginas, { $files } archivos; el contenido es válido y los enlaces internos y las anclas llevan a su destino{ $warned } ({ $ms } ms)
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
