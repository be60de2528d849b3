# SPDX-License-Identifier: ISC
# tests/unit/layering.awk: checks the includes of runtime/, devices/ and lib/
# against the layers of DESIGN.md; run by tests/unit/layering.sh.
#
# Run in the tree's top folder, with awk -v tree=FILE -v incdirs="DIR ..."
# -f layering.awk SOURCE...: FILE lists the tree's files (one relative path
# a line), incdirs are the build's -I folders in their order, and each
# SOURCE is a relative path. Every #include is resolved as the compiler
# would (a quoted name first beside its file, then in incdirs) to a file
# of the tree, or to none (a host header). Prints, for each folder, in the
# order of the sources, "ok<TAB>WHAT" or "not_ok<TAB>WHAT" followed by one
# "diag<TAB>FILE:LINE: ..." line per include that breaks its rule.

BEGIN {
    while ((getline line < tree) > 0)
        exists[line] = 1
    ndirs = split(incdirs, dirs, " ")
    nfolders = 0
}

# norm(PATH): PATH without "." segments, "x/.." pairs and repeated '/'.
function norm(path,    n, seg, out, k, i) {
    n = split(path, seg, "/")
    k = 0
    for (i = 1; i <= n; i++) {
        if (seg[i] == "" || seg[i] == ".")
            continue
        if (seg[i] == ".." && k > 0 && out[k] != "..")
            k--
        else
            out[++k] = seg[i]
    }
    path = ""
    for (i = 1; i <= k; i++)
        path = path (i > 1 ? "/" : "") out[i]
    return path
}

# resolve(FILE, NAME, QUOTED): the tree's file that the include of NAME in
# FILE names, or "" when it names none of the tree's files.
function resolve(file, name, quoted,    dir, p, i) {
    if (quoted) {
        dir = file
        sub(/\/[^\/]*$/, "", dir)
        p = norm(dir "/" name)
        if (p in exists)
            return p
    }
    for (i = 1; i <= ndirs; i++) {
        p = norm(dirs[i] "/" name)
        if (p in exists)
            return p
    }
    return ""
}

# public_header(R), libc_header(R): whether the tree's file R is a public
# header (mirage/*.h) or one of the C library's (the freestanding targets';
# a host's is no file of the tree).
function public_header(r) {
    return r ~ /^runtime\/include\/mirage\/[^\/]+\.h$/
}
function libc_header(r) { return r ~ /^runtime\/freestanding\/include\// }

# shared_header(R): a header of a folder of devices/ that several types
# share: one with no registry entry, so no device type.
function shared_header(r,    d) {
    if (r !~ /^devices\/[^\/]+\/[^\/]+\.h$/)
        return 0
    d = r
    sub(/\/[^\/]*$/, "", d)
    return !((d "/registry.def") in exists)
}

# what(R): what the included file R is, for a diagnostic.
function what(r) {
    if (r ~ /^runtime\/core\//) return "runtime/core's internals"
    if (r ~ /^devices\//) return "a device's internals"
    if (r ~ /^lib\//) return "a library's internals"
    if (r == "runtime/platform.h") return "the platform API"
    if (r ~ /^runtime\//) return "a platform's internals"
    return "outside runtime/, devices/ and lib/"
}

# point(FOLDER, WHAT): the test point of FOLDER (made once, in order).
function point(folder, text) {
    if (!(folder in rule)) {
        order[++nfolders] = folder
        rule[folder] = text
        bad[folder] = ""
    }
}

# The folder and rule of each source; the include check itself is below.
FNR == 1 {
    f = FILENAME
    n = split(f, part, "/")
    kind = ""
    if (f == "runtime/platform.h") {
        kind = "api"
        folder = f
        point(folder, f " includes only the C library's headers")
    } else if (f ~ /^runtime\/include\//) {
        kind = "public"
        folder = f
        sub(/\/[^\/]*$/, "", folder)
        point(folder, folder " (public) includes only public headers " \
            "and the C library's")
    } else if (f ~ /^runtime\/core\//) {
        kind = "core"
        folder = f
        sub(/\/[^\/]*$/, "", folder)
        point(folder, folder " includes only runtime/core, platform.h, " \
            "public headers and the C library's")
    } else if (f ~ /^runtime\/[^\/]+\//) {
        kind = "platform"
        folder = part[1] "/" part[2]
        point(folder, folder " includes nothing of devices/ or lib/")
    } else if (f ~ /^devices\/[^\/]+\/[^\/]+\//) {
        kind = "impl"
        folder = part[1] "/" part[2] "/" part[3]
        type = part[1] "/" part[2]
        point(folder, folder " includes only its folder, its type's " \
            "headers, shared device headers, platform.h, public headers " \
            "and the C library's")
    } else if (f ~ /^devices\/[^\/]+\//) {
        kind = "type"
        folder = part[1] "/" part[2]
        type = folder
        point(folder, folder " includes only its own headers, shared " \
            "device headers, platform.h, public headers and the C library's")
    } else if (f ~ /^lib\/[^\/]+\//) {
        kind = "lib"
        folder = part[1] "/" part[2]
        point(folder, folder " includes only its folder, public headers " \
            "and the C library's")
    }
}

kind != "" && /^[ \t]*#[ \t]*include[ \t]*["<]/ {
    line = $0
    sub(/^[ \t]*#[ \t]*include[ \t]*/, "", line)
    quoted = substr(line, 1, 1) == "\""
    name = substr(line, 2)
    sub(quoted ? "\".*$" : ">.*$", "", name)
    r = resolve(f, name, quoted)
    if (r == "") {
        # A host header: the freestanding build (core-freestanding.sh)
        # checks who may use those. A quoted name must be the tree's.
        if (!quoted || kind == "platform")
            next
        fine = 0
    } else if (libc_header(r)) {
        fine = 1
    } else if (kind == "api") {
        fine = 0
    } else if (kind == "public") {
        fine = public_header(r)
    } else if (kind == "core") {
        fine = r ~ /^runtime\/core\// || r == "runtime/platform.h" ||
            public_header(r)
    } else if (kind == "platform") {
        fine = r !~ /^(devices|lib)\//
    } else if (kind == "impl") {
        fine = index(r, folder "/") == 1 ||
            (index(r, type "/") == 1 && r ~ /^devices\/[^\/]+\/[^\/]+\.h$/) ||
            shared_header(r) || r == "runtime/platform.h" ||
            public_header(r)
    } else if (kind == "type") {
        fine = (index(r, folder "/") == 1 &&
                r ~ /^devices\/[^\/]+\/[^\/]+\.h$/) ||
            shared_header(r) || r == "runtime/platform.h" ||
            public_header(r)
    } else if (kind == "lib") {
        fine = index(r, folder "/") == 1 || public_header(r)
    }
    if (!fine) {
        shown = quoted ? "\"" name "\"" : "<" name ">"
        bad[folder] = bad[folder] "diag\t" f ":" FNR ": #include " shown \
            (r == "" ? ": no file of the tree" : ": " r ", " what(r)) "\n"
    }
}

END {
    for (i = 1; i <= nfolders; i++) {
        d = order[i]
        printf "%s\t%s\n", bad[d] == "" ? "ok" : "not_ok", rule[d]
        printf "%s", bad[d]
    }
}
