# SPDX-License-Identifier: ISC
# registry.awk: makes the helper's device registry (registry_table.c) from
# the registry entries of devices/, in POSIX awk.
#
#   awk -f src/registry.awk devices/TYPE/registry.def \
#       devices/TYPE/IMPL/registry.def ... >registry_table.c
#
# Run from the source folder, so that the paths are relative to it. A type's
# entry is devices/TYPE/registry.def, an implementation's
# devices/TYPE/IMPL/registry.def: the folders give the names. The format
# (KEY = VALUE lines) and the keys are in doc/devices.md ("The registry").
# Any mistake stops with FILE:LINE: and what is wrong, and exit status 1.

BEGIN {
    # as registry_targets in src/registry.c
    ntargets = split("unix spt hvt virtio xen", target_list, " ")
    target_names = ""
    for (i = 1; i <= ntargets; i++) {
        known_target[target_list[i]] = 1
        target_names = target_names (i > 1 ? " " : "") target_list[i]
    }
    # the optional features of the toolkit's build, as features[] in
    # src/toolkit_features.c (which knows whether this build has each)
    nfeatures = split("bearssl", feature_list, " ")
    feature_names = ""
    for (i = 1; i <= nfeatures; i++) {
        known_feature[feature_list[i]] = 1
        feature_names = feature_names (i > 1 ? " " : "") feature_list[i]
    }
    split("order c_type header default doc", k, " ")
    for (i in k)
        type_key[k[i]] = 1
    split("order doc targets needs connect connect_in_header deps " \
          "deps_default param param_name param_default param_doc " \
          "param_check host", k, " ")
    for (i in k)
        impl_key[k[i]] = 1
    split("arg.type arg.default arg.doc arg.docv arg.section", k, " ")
    for (i in k)
        arg_key[k[i]] = 1
    param_enum["none"] = "REGISTRY_PARAM_NONE"
    param_enum["string"] = "REGISTRY_PARAM_STRING"
    param_enum["required"] = "REGISTRY_PARAM_REQUIRED"
    param_enum["crunch"] = "REGISTRY_PARAM_CRUNCH"
    host_enum["none"] = "REGISTRY_HOST_NONE"
    host_enum["net"] = "REGISTRY_HOST_NET"
    host_enum["disk"] = "REGISTRY_HOST_DISK"
    ntypes = 0
    nimpls = 0
    failed = 0
}

# error(MESSAGE): reports a mistake at the current line.
function error(msg) {
    printf "%s:%d: %s\n", FILENAME, FNR, msg >"/dev/stderr"
    failed = 1
}

# key_error(E, KEY, MESSAGE): reports a mistake in KEY of entry E, at the
# line of the key.
function key_error(e, key, msg) {
    printf "%s:%d: %s\n", path[e], key_line[e, key], msg >"/dev/stderr"
    failed = 1
}

# file_error(FILE, MESSAGE): reports a mistake of a whole file.
function file_error(f, msg) {
    printf "%s: %s\n", f, msg >"/dev/stderr"
    failed = 1
}

# A name of a type or an implementation, as MIRAGE_DEVICE takes it.
function is_name(s) {
    return s ~ /^[a-z][a-z0-9_]*$/
}

# Starts the entry of file FILENAME: a type or an implementation, by the
# last components of its path (devices/TYPE[/IMPL]/registry.def).
function start_file(    n, part) {
    cur = ""
    n = split(FILENAME, part, "/")
    if (n >= 3 && part[n - 2] == "devices" && part[n] == "registry.def" &&
        is_name(part[n - 1])) {
        cur = "t" (++ntypes)
        kind[cur] = "type"
        name[cur] = part[n - 1]
        tname[cur] = part[n - 1]
        file[cur] = "devices/" part[n - 1] "/registry.def"
    } else if (n >= 4 && part[n - 3] == "devices" &&
               part[n] == "registry.def" && is_name(part[n - 2]) &&
               is_name(part[n - 1])) {
        cur = "i" (++nimpls)
        kind[cur] = "impl"
        name[cur] = part[n - 1]
        tname[cur] = part[n - 2]
        nargs[cur] = 0
        file[cur] = "devices/" part[n - 2] "/" part[n - 1] "/registry.def"
    } else {
        error("not devices/TYPE/registry.def or " \
              "devices/TYPE/IMPL/registry.def (lower-case names)")
        return
    }
    path[cur] = FILENAME
    last_key = ""
}

# Stores VALUE of KEY in the current entry.
function set(key, value,    a) {
    if (cur == "")
        return
    if (key == "arg") {
        if (kind[cur] != "impl") {
            error("'arg' is a key of an implementation, not of a type")
            return
        }
        a = ++nargs[cur]
        val[cur, "arg", a] = value
        last_key = "arg"
        last_arg = a
        return
    }
    if (kind[cur] == "impl" && key in arg_key) {
        if (nargs[cur] == 0) {
            error("'" key "' before any 'arg = NAME' line")
            return
        }
        a = nargs[cur]
        if ((cur, key, a) in val) {
            error("'" key "' given twice for argument " val[cur, "arg", a])
            return
        }
        val[cur, key, a] = value
        last_key = key
        last_arg = a
        return
    }
    if (kind[cur] == "type" && key ~ /^default\./) {
        if (!(substr(key, 9) in known_target)) {
            error("unknown target '" substr(key, 9) "' in '" key "' " \
                  "(targets: " target_names ")")
            return
        }
    } else if (kind[cur] == "type" && !(key in type_key)) {
        error("unknown key '" key "' for a type (doc/devices.md)")
        return
    }
    if (kind[cur] == "impl" && !(key in impl_key)) {
        error("unknown key '" key "' for an implementation (doc/devices.md)")
        return
    }
    if ((cur, key) in val) {
        error("'" key "' given twice")
        return
    }
    val[cur, key] = value
    key_line[cur, key] = FNR
    last_key = key
}

# Appends a continuation line to the value of the last key.
function append(text) {
    if (cur == "")
        return
    if (last_key == "") {
        error("a continuation line (it starts with a blank) with no key " \
              "above it")
        return
    }
    if (last_key == "arg" || last_key in arg_key)
        val[cur, last_key, last_arg] = val[cur, last_key, last_arg] " " text
    else
        val[cur, last_key] = val[cur, last_key] " " text
}

function trim(s) {
    sub(/^[ \t]+/, "", s)
    sub(/[ \t]+$/, "", s)
    return s
}

FNR == 1 {
    start_file()
}

/^[ \t]*#/ {
    next
}

/^[ \t]*$/ {
    last_key = ""
    next
}

/^[ \t]/ {
    append(trim($0))
    next
}

{
    eq = index($0, "=")
    if (eq == 0) {
        error("not KEY = VALUE")
        next
    }
    key = trim(substr($0, 1, eq - 1))
    if (key !~ /^[a-z_.]+$/) {
        error("not KEY = VALUE")
        next
    }
    set(key, trim(substr($0, eq + 1)))
}

# A C string literal of S (a loop: awks differ on backslashes in gsub).
function cstr(s,    out, i, c) {
    out = ""
    for (i = 1; i <= length(s); i++) {
        c = substr(s, i, 1)
        if (c == "\\" || c == "\"")
            out = out "\\" c
        else
            out = out c
    }
    return "\"" out "\""
}

# The C string literal of KEY of entry E, or NULL when absent.
function cval(e, key) {
    return (e, key) in val ? cstr(val[e, key]) : "NULL"
}

# The C string literal of KEY of argument A of entry E, or NULL.
function carg(e, key, a) {
    return (e, key, a) in val ? cstr(val[e, key, a]) : "NULL"
}

# Checks that KEY of entry E is there.
function need(e, key) {
    if (!((e, key) in val) || val[e, key] == "")
        file_error(path[e], "'" key "' is missing")
}

# The listing order of entry E: its 'order', a whole number.
function order_of(e) {
    if (!((e, "order") in val))
        return 0
    if (val[e, "order"] !~ /^[0-9]+$/) {
        file_error(path[e], "'order' is not a whole number")
        return 0
    }
    return val[e, "order"] + 0
}

# Whether entry A comes before entry B: types by order, then name;
# implementations by their type's place, then order, then name.
function before(a, b) {
    if (kind[a] == "impl" && type_rank[tname[a]] != type_rank[tname[b]])
        return type_rank[tname[a]] < type_rank[tname[b]]
    if (order_of(a) != order_of(b))
        return order_of(a) < order_of(b)
    return name[a] < name[b]
}

# Sorts the N entries of array L (1..N) with before(); N is small.
function sort_entries(l, n,    i, j, e) {
    for (i = 2; i <= n; i++) {
        e = l[i]
        for (j = i - 1; j >= 1 && before(e, l[j]); j--)
            l[j + 1] = l[j]
        l[j + 1] = e
    }
}

# Checks entry E of a type.
function check_type(e) {
    need(e, "c_type")
    need(e, "header")
    need(e, "default")
    need(e, "doc")
    order_of(e)
}

# Checks entry E of an implementation.
function check_impl(e,    p, n, w, i, a) {
    need(e, "doc")
    need(e, "connect")
    order_of(e)
    if (!(tname[e] in type_entry))
        file_error(path[e], "no type " tname[e] \
                   " (devices/" tname[e] "/registry.def)")
    if ((e, "connect") in val && val[e, "connect"] !~ /^[A-Za-z_][A-Za-z0-9_]*$/)
        file_error(path[e], "'connect' is not a C function name")
    if ((e, "param_check") in val &&
        val[e, "param_check"] !~ /^[A-Za-z_][A-Za-z0-9_]*$/)
        file_error(path[e], "'param_check' is not a C function name")
    if ((e, "connect_in_header") in val &&
        val[e, "connect_in_header"] != "yes" &&
        val[e, "connect_in_header"] != "no")
        file_error(path[e], "'connect_in_header' is yes or no")
    p = (e, "param") in val ? val[e, "param"] : "none"
    if (!(p in param_enum))
        file_error(path[e], "'param' is none, string, required or crunch")
    if (p == "none") {
        split("param_name param_default param_doc param_check", w, " ")
        for (i in w)
            if ((e, w[i]) in val)
                file_error(path[e], "'" w[i] "' with no parameter " \
                           "('param = none')")
    } else {
        need(e, "param_name")
        need(e, "param_doc")
        if (p != "string" && (e, "param_default") in val)
            file_error(path[e], "'param_default' is only for " \
                       "'param = string'")
    }
    if ((e, "host") in val && !(val[e, "host"] in host_enum))
        file_error(path[e], "'host' is none, net or disk")
    if ((e, "targets") in val) {
        n = split(val[e, "targets"], w, " ")
        if (n == 0)
            file_error(path[e], "'targets' is empty: leave it out for " \
                       "every target")
        for (i = 1; i <= n; i++)
            if (!(w[i] in known_target))
                file_error(path[e], "unknown target '" w[i] "'")
    }
    if ((e, "needs") in val) {
        n = split(val[e, "needs"], w, " ")
        if (n == 0)
            key_error(e, "needs", "'needs' is empty: leave it out when the " \
                      "implementation needs no feature")
        for (i = 1; i <= n; i++) {
            if (!(w[i] in known_feature))
                key_error(e, "needs", "unknown feature '" w[i] "' in " \
                          "'needs' (features: " feature_names ")")
            else if (seen_need[e, w[i]]++)
                key_error(e, "needs", "'" w[i] "' is given twice in 'needs'")
        }
    }
    if ((e, "deps") in val) {
        n = split(val[e, "deps"], w, " ")
        for (i = 1; i <= n; i++)
            if (!(w[i] in type_entry))
                file_error(path[e], "unknown type '" w[i] "' in 'deps'")
    }
    for (a = 1; a <= nargs[e]; a++) {
        if (val[e, "arg", a] == "")
            file_error(path[e], "an 'arg' with no name")
        if (!((e, "arg.type", a) in val))
            file_error(path[e], "argument " val[e, "arg", a] \
                       ": 'arg.type' is missing")
        if (!((e, "arg.doc", a) in val))
            file_error(path[e], "argument " val[e, "arg", a] \
                       ": 'arg.doc' is missing")
    }
}

# Does implementation entry IE run on target T?
function runs_on(ie, t,    n, w, i) {
    if (!((ie, "targets") in val))
        return 1
    n = split(val[ie, "targets"], w, " ")
    for (i = 1; i <= n; i++)
        if (w[i] == t)
            return 1
    return 0
}

# Checks the 'default.TARGET' keys of type entry E (once every
# implementation is known): each names an implementation of the type that
# runs on TARGET, other than the type's 'default'.
function check_target_defaults(e,    i, t, key, impl, ie) {
    for (i = 1; i <= ntargets; i++) {
        t = target_list[i]
        key = "default." t
        if (!((e, key) in val))
            continue
        impl = val[e, key]
        if (impl == "") {
            key_error(e, key, "'" key "' is empty: name the implementation " \
                      "used on " t)
            continue
        }
        if (!((tname[e], impl) in impl_entry)) {
            key_error(e, key, "the default implementation on " t ", " impl \
                      ", has no devices/" tname[e] "/" impl "/registry.def")
            continue
        }
        ie = impl_entry[tname[e], impl]
        if (!runs_on(ie, t))
            key_error(e, key, "the default implementation on " t ", " impl \
                      ", does not run on " t " (its targets: " \
                      val[ie, "targets"] ")")
        else if (impl == val[e, "default"])
            key_error(e, key, "'" key "' names the type's 'default' (" \
                      impl "); leave it out")
    }
}

# The default implementations of type T (its 'default' and 'default.X'),
# as "IMPL IMPL ...".
function type_defaults(t,    e, i, out) {
    e = type_entry[t]
    out = val[e, "default"]
    for (i = 1; i <= ntargets; i++)
        if ((e, "default." target_list[i]) in val)
            out = out " " val[e, "default." target_list[i]]
    return out
}

# Checks 'deps_default' of implementation entry E (once every entry is
# known): a device name per entry of 'deps', each once, and a dependency
# type whose default implementations need no parameter, so that the helper
# can add such a device by itself.
function check_deps_default(e,    n, m, d, w, i, j, nd, di, ie, seen, p) {
    if (!((e, "deps_default") in val))
        return
    if (!((e, "deps") in val)) {
        key_error(e, "deps_default", "'deps_default' with no 'deps'")
        return
    }
    n = split(val[e, "deps"], d, " ")
    m = split(val[e, "deps_default"], w, " ")
    if (m != n) {
        key_error(e, "deps_default", "'deps_default' names " m " device" \
                  (m == 1 ? "" : "s") " and 'deps' has " n " type" \
                  (n == 1 ? "" : "s") ": give one device name per " \
                  "dependency, in the same order")
        return
    }
    for (i = 1; i <= m; i++) {
        if (w[i] !~ /^[a-z_][a-z0-9_]*$/) {
            key_error(e, "deps_default", "'" w[i] "' in 'deps_default' is " \
                      "not a device name (a-z, digits and '_', not first a " \
                      "digit)")
            continue
        }
        if (w[i] in seen) {
            key_error(e, "deps_default", "'" w[i] "' is given twice in " \
                      "'deps_default'")
            continue
        }
        seen[w[i]] = 1
        if (!(d[i] in type_entry))
            continue
        nd = split(type_defaults(d[i]), di, " ")
        for (j = 1; j <= nd; j++) {
            if (!((d[i], di[j]) in impl_entry))
                continue
            ie = impl_entry[d[i], di[j]]
            p = (ie, "param") in val ? val[ie, "param"] : "none"
            if (p == "required" || p == "crunch")
                key_error(e, "deps_default", "the " d[i] " device '" w[i] \
                          "' would get " d[i] "'s default implementation " \
                          di[j] ", which needs a parameter: the helper " \
                          "cannot add it by itself")
        }
    }
}

# A NULL-terminated C array of the words of S.
function cwords(s,    n, w, i, out) {
    n = split(s, w, " ")
    out = "{"
    for (i = 1; i <= n; i++)
        out = out cstr(w[i]) ", "
    return out "NULL}"
}

END {
    if (ntypes == 0) {
        print "registry.awk: no devices/TYPE/registry.def given" >"/dev/stderr"
        exit 1
    }
    for (i = 1; i <= ntypes; i++) {
        e = "t" i
        if (tname[e] in type_entry)
            file_error(path[e], "type " tname[e] " given twice")
        type_entry[tname[e]] = e
        check_type(e)
    }
    for (i = 1; i <= nimpls; i++) {
        e = "i" i
        if ((tname[e], name[e]) in impl_entry)
            file_error(path[e], tname[e] " " name[e] " given twice")
        impl_entry[tname[e], name[e]] = e
        check_impl(e)
    }
    for (i = 1; i <= ntypes; i++) {
        e = "t" i
        if ((e, "default") in val && !((tname[e], val[e, "default"]) in impl_entry))
            file_error(path[e], "the default implementation " \
                       val[e, "default"] " has no devices/" tname[e] "/" \
                       val[e, "default"] "/registry.def")
        check_target_defaults(e)
    }
    for (i = 1; i <= nimpls; i++)
        check_deps_default("i" i)
    if (failed)
        exit 1

    for (i = 1; i <= ntypes; i++)
        types[i] = "t" i
    sort_entries(types, ntypes)
    for (i = 1; i <= ntypes; i++)
        type_rank[tname[types[i]]] = i
    for (i = 1; i <= nimpls; i++)
        impls[i] = "i" i
    sort_entries(impls, nimpls)

    print "/* registry_table.c: the device registry, made by src/registry.awk " \
          "from the"
    print " * registry.def files of devices/ (doc/devices.md). Do not edit. */"
    print "#include \"registry.h\""
    print "#include \"registry_table.h\""
    checks = 0
    for (i = 1; i <= nimpls; i++) {
        e = impls[i]
        if ((e, "param_check") in val) {
            if (checks++ == 0)
                print "\n/* Parameter checks, from the implementations' " \
                      "folders. */"
            print "const char *" val[e, "param_check"] "(const char *param);"
        }
    }

    for (i = 1; i <= ntypes; i++) {
        e = types[i]
        n = 0
        for (j = 1; j <= ntargets; j++)
            if ((e, "default." target_list[j]) in val) {
                if (n++ == 0) {
                    print "\n/* " file[e] ": its defaults per target */"
                    print "static const struct registry_target_default " \
                          tname[e] "_target_defaults[] = {"
                }
                print "    {" cstr(target_list[j]) ", " \
                      cstr(val[e, "default." target_list[j]]) "},"
            }
        if (n > 0) {
            print "    {NULL, NULL},"
            print "};"
            has_target_defaults[e] = 1
        }
    }

    print "\nconst struct registry_type registry_table_types[] = {"
    for (i = 1; i <= ntypes; i++) {
        e = types[i]
        print "    /* " file[e] " */"
        print "    {"
        print "        .name = " cstr(tname[e]) ","
        print "        .c_type = " cval(e, "c_type") ","
        print "        .header = " cval(e, "header") ","
        print "        .default_impl = " cval(e, "default") ","
        print "        .target_defaults = " (e in has_target_defaults \
              ? tname[e] "_target_defaults" : "NULL") ","
        print "        .doc = " cval(e, "doc") ","
        print "    },"
    }
    print "};"
    print "const size_t registry_table_ntypes = " ntypes ";"

    for (i = 1; i <= nimpls; i++) {
        e = impls[i]
        id = tname[e] "_" name[e]
        if (!((e, "targets") in val) && !((e, "needs") in val) &&
            !((e, "deps") in val) && nargs[e] == 0)
            continue
        print "\n/* " file[e] " */"
        if ((e, "targets") in val)
            print "static const char *const " id "_targets[] = " \
                  cwords(val[e, "targets"]) ";"
        if ((e, "needs") in val)
            print "static const char *const " id "_needs[] = " \
                  cwords(val[e, "needs"]) ";"
        if ((e, "deps") in val)
            print "static const char *const " id "_deps[] = " \
                  cwords(val[e, "deps"]) ";"
        if ((e, "deps_default") in val)
            print "static const char *const " id "_deps_default[] = " \
                  cwords(val[e, "deps_default"]) ";"
        if (nargs[e] > 0) {
            print "static const struct registry_arg " id "_args[] = {"
            for (a = 1; a <= nargs[e]; a++) {
                print "    {"
                print "        .name = " carg(e, "arg", a) ","
                print "        .type = " carg(e, "arg.type", a) ","
                print "        .default_value = " carg(e, "arg.default", a) ","
                print "        .doc = " carg(e, "arg.doc", a) ","
                print "        .docv = " carg(e, "arg.docv", a) ","
                print "        .section = " carg(e, "arg.section", a) ","
                print "    },"
            }
            print "    {NULL, NULL, NULL, NULL, NULL, NULL},"
            print "};"
        }
    }

    print "\nconst struct registry_impl registry_table_impls[] = {"
    for (i = 1; i <= nimpls; i++) {
        e = impls[i]
        id = tname[e] "_" name[e]
        p = (e, "param") in val ? val[e, "param"] : "none"
        h = (e, "host") in val ? val[e, "host"] : "none"
        print "    /* " file[e] " */"
        print "    {"
        print "        .type = " cstr(tname[e]) ","
        print "        .name = " cstr(name[e]) ","
        print "        .targets = " ((e, "targets") in val ? id "_targets" \
                                                            : "NULL") ","
        print "        .needs = " ((e, "needs") in val ? id "_needs" : "NULL") ","
        print "        .connect = " cval(e, "connect") ","
        print "        .deps = " ((e, "deps") in val ? id "_deps" : "NULL") ","
        print "        .deps_default = " ((e, "deps_default") in val \
                                          ? id "_deps_default" : "NULL") ","
        print "        .doc = " cval(e, "doc") ","
        print "        .param = " param_enum[p] ","
        print "        .param_name = " cval(e, "param_name") ","
        print "        .param_default = " cval(e, "param_default") ","
        print "        .param_doc = " cval(e, "param_doc") ","
        print "        .args = " (nargs[e] > 0 ? id "_args" : "NULL") ","
        print "        .host = " host_enum[h] ","
        print "        .param_check = " ((e, "param_check") in val \
                                         ? val[e, "param_check"] : "NULL") ","
        print "        .glue_declares_connect = " \
              (val[e, "connect_in_header"] == "yes" ? "false" : "true") ","
        print "    },"
    }
    print "};"
    print "const size_t registry_table_nimpls = " nimpls ";"
}
