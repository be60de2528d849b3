# mirage.m4 - Autoconf macros for Mirage in C unikernels.   -*- Autoconf -*-
# serial 1
#
# SPDX-License-Identifier: ISC
# Copyright (c) 2026 Contributors as noted in the AUTHORS file
#
# A unikernel is an ordinary autotools project. Its configure.ac declares
# devices, boot-time arguments and the image with the macros below; configure
# collects the declarations into `mirage.spec', has the helper `mirage'
# validate them (a mistake stops configure with a message naming the macro,
# the device and the line), and config.status has the helper write the glue
# `mirage_main.c' and `mirage_main.h' (and for the xen target the domain
# configuration `NAME.xl' and its template `NAME.xl.in', for the virtio
# target the libvirt domain `NAME_libvirt.xml').
#
# Results go only to MIRAGE* variables, never to the user's CFLAGS or LIBS:
#   MIRAGE               the helper program (from mirage.pc, or the
#                        environment)
#   MIRAGE_CFLAGS        compiler flags of the selected target's runtime
#   MIRAGE_LIBS          link flags and libraries of that runtime
#   MIRAGE_TARGET_NAME   unix, spt, hvt, virtio or xen
#   MIRAGE_IMAGE_SUFFIX  "" for unix, else ".TARGET"
#   MIRAGE_IMAGE         the image file: NAME plus the suffix
#   MIRAGE_RULES         (a substituted file) the make rules of the image;
#                        put the line @MIRAGE_RULES@ in Makefile.am

m4_pattern_forbid([^_?MIRAGE_[A-Z_]+$])
m4_pattern_allow([^MIRAGE_(CFLAGS|LIBS|PKG_ERRORS|TARGET_NAME|IMAGE|IMAGE_SUFFIX|RULES)$])
dnl The public macros' names may appear in texts (messages, DOC strings).
m4_pattern_allow([^MIRAGE_(INIT|TARGET|DEVICE|RUNTIME_ARG|UNIKERNEL|TLS_CERTS|TLS_ANCHORS)$])
m4_pattern_allow([^MIRAGE_TLS_(CERTS|ANCHORS)_DIR$])
m4_pattern_allow([^MIRAGE_TARGET_(UNIX|SPT|HVT|VIRTIO|XEN)(_TRUE|_FALSE)?$])


# _MIRAGE_FAIL(MACRO, NAME, MESSAGE)
# ----------------------------------
# MACRO is the macro's name without MIRAGE_ (INIT, DEVICE, ...): a whole
# macro name in a message would be expanded again. For the same reason
# messages spell macro names with the empty quadrigraph, MIRAGE_@&t@INIT.
# Stops configure, at the place of the faulty call, with a message naming
# the macro, the object and the line of configure.ac. Also warns when
# autoconf runs, so the mistake shows up as early as possible.
m4_define([_MIRAGE_FAIL],
[m4_warn([syntax], [[MIRAGE_$1($2)]: $3])dnl
AC_MSG_ERROR([__file__:__line__: MIRAGE_@&t@$1($2): $3])])


# _MIRAGE_NEED_INIT(MACRO, NAME)
# ------------------------------
# A declaration before MIRAGE_INIT is a mistake: say so.
m4_define([_MIRAGE_NEED_INIT],
[m4_ifndef([_MIRAGE_INIT_LOCATION],
  [_MIRAGE_FAIL([$1], [$2],
    [called before MIRAGE_@&t@INIT; put MIRAGE_@&t@INIT before every other MIRAGE_* macro])])])


# _MIRAGE_NEED_NAME(MACRO, NAME, WHAT)
# ------------------------------------
m4_define([_MIRAGE_NEED_NAME],
[m4_ifblank([$2],
  [_MIRAGE_FAIL([$1], [], [the first argument, the $3's name, is missing])])])


# _MIRAGE_LITERAL(VAR, TEXT, [FILTER])
# ------------------------------------
# Sets the shell variable VAR to TEXT exactly as written in configure.ac
# (nested brackets kept, no macro expanded), escaped for the spec file:
# backslash, newline and tab as \\, \n and \t. TEXT reaches configure once,
# quoted, inside a quoted here-document; the shell does the escaping, with
# FILTER (default: mirage_fn_escape).
m4_define([_MIRAGE_LITERAL],
[$1=$(m4_default([$3], [mirage_fn_escape]) <<\mirage_EOF
$2
mirage_EOF
)])


# _MIRAGE_RECORD(KIND, NAME, MACRO, KEY-LINES)
# --------------------------------------------
# Appends one section to the spec text that configure writes. KEY-LINES are
# "key = value" lines, already shell-quoted; names, types, implementations
# and dependencies are expanded by the shell, so they may use variables set
# by configure options.
m4_define([_MIRAGE_RECORD],
[mirage_spec_text="$mirage_spec_text

@<:@$1 $2@:>@
location = __file__:__line__
$4"
])


# MIRAGE_INIT
# -----------
# Sets up the unikernel build: finds pkg-config and the helper `mirage'
# (the `mirage' variable of mirage.pc, unless the environment variable
# MIRAGE names it), and arranges for the spec and the glue to be written.
# Call it once, before every other MIRAGE_* macro.
AC_DEFUN([MIRAGE_INIT],
[m4_ifdef([_MIRAGE_INIT_LOCATION],
  [_MIRAGE_FAIL([INIT], [],
    [called a second time; the first call is at ]_MIRAGE_INIT_LOCATION)])dnl
m4_define([_MIRAGE_INIT_LOCATION], __file__:__line__)dnl
m4_ifndef([PKG_CHECK_VAR],
  [m4_fatal([[MIRAGE_INIT]: pkg.m4 (from pkg-config or pkgconf) 0.28 or later is needed; install it, or add its folder to ACLOCAL_PATH])])dnl
AC_REQUIRE([PKG_PROG_PKG_CONFIG])dnl
AC_REQUIRE([AC_PROG_AWK])dnl
AC_REQUIRE([AC_PROG_SED])dnl
AS_IF([test -z "$PKG_CONFIG"],
  [AC_MSG_ERROR([MIRAGE_@&t@INIT: pkg-config was not found; install pkg-config (or pkgconf)])])
PKG_CHECK_VAR([MIRAGE], [mirage], [mirage], [],
  [AC_MSG_ERROR([MIRAGE_@&t@INIT: the mirage toolkit was not found: pkg-config knows no module 'mirage'.
Install mirage, add the folder of its mirage.pc to PKG_CONFIG_PATH, or set MIRAGE to the path of the 'mirage' helper.])])
AS_IF([test ! -x "$MIRAGE"],
  [AC_MSG_ERROR([MIRAGE_@&t@INIT: the mirage helper '$MIRAGE' is not an executable program; set MIRAGE to the right path])])
AC_MSG_CHECKING([the mirage helper's version])
mirage_version=`"$MIRAGE" --version 2>/dev/null | sed -n '1s/.* //p'`
AS_IF([test -z "$mirage_version"],
  [AC_MSG_RESULT([unknown])
   AC_MSG_ERROR([MIRAGE_@&t@INIT: '$MIRAGE --version' failed; is it the mirage helper?])])
AC_MSG_RESULT([$mirage_version])
mirage_spec_text=
# mirage_fn_escape: stdin to one line, escaped for a mirage.spec value.
mirage_fn_escape ()
{
  $SED -e 's/\\/\\\\/g' -e 's/	/\\t/g' |
    $AWK 'BEGIN { ORS = "" } NR > 1 { print "\\n" } { print }'
}
# mirage_fn_escape_prose: the same, white space first folded to one space.
mirage_fn_escape_prose ()
{
  tr '\n	' '  ' | $SED -e 's/  */ /g' -e 's/^ //' -e 's/ $//' | mirage_fn_escape
}
AC_CONFIG_COMMANDS_PRE([_MIRAGE_OUTPUT])dnl
])# MIRAGE_INIT


# MIRAGE_TARGET
# -------------
# Adds --with-target=unix|spt|hvt|virtio|xen (default unix), selects the
# target's runtime with pkg-config (mirage-TARGET.pc) into MIRAGE_CFLAGS and
# MIRAGE_LIBS, sets MIRAGE_TARGET_NAME and MIRAGE_IMAGE_SUFFIX, and defines
# the automake conditionals MIRAGE_TARGET_UNIX ... MIRAGE_TARGET_XEN.
# A target whose runtime this build of mirage lacks stops configure.
# MIRAGE_UNIKERNEL calls it if configure.ac does not.
AC_DEFUN_ONCE([MIRAGE_TARGET],
[_MIRAGE_NEED_INIT([TARGET], [])dnl
AC_ARG_WITH([target],
  [AS_HELP_STRING([--with-target=TARGET],
    [build the unikernel for TARGET: unix, spt, hvt, virtio or xen
     @<:@default=unix@:>@])],
  [mirage_target=$withval], [mirage_target=unix])
AC_MSG_CHECKING([the unikernel target])
AS_CASE([$mirage_target],
  [unix], [MIRAGE_IMAGE_SUFFIX=],
  [spt|hvt|virtio|xen], [MIRAGE_IMAGE_SUFFIX=.$mirage_target],
  [yes|no|""],
    [AC_MSG_RESULT([none])
     AC_MSG_ERROR([MIRAGE_@&t@TARGET: --with-target needs a value: unix, spt, hvt, virtio or xen])],
  [AC_MSG_RESULT([$mirage_target])
   AC_MSG_ERROR([MIRAGE_@&t@TARGET: unknown target '$mirage_target' in --with-target; choose one of unix, spt, hvt, virtio, xen])])
AC_MSG_RESULT([$mirage_target])
MIRAGE_TARGET_NAME=$mirage_target
AC_ARG_WITH([memory],
  [AS_HELP_STRING([--with-memory=MIB],
    [the RAM of the unikernel's VM in NAME.xl (xen) and NAME_libvirt.xml
     (virtio), in MiB @<:@default=64, what mirage run gives@:>@])],
  [AS_CASE([$withval],
    [yes|no|""], [AC_MSG_ERROR([MIRAGE_@&t@TARGET: --with-memory needs a number of MiB, as --with-memory=128])])
   mirage_memory=$withval], [mirage_memory=])
AC_ARG_WITH([boot-args],
  [AS_HELP_STRING([--with-boot-args=ARGS],
    [the boot arguments in NAME.xl and NAME_libvirt.xml, split by the
     unikernel as a shell would @<:@default=none@:>@])],
  [AS_CASE([$withval],
    [yes|no], [AC_MSG_ERROR([MIRAGE_@&t@TARGET: --with-boot-args needs the arguments, as --with-boot-args='--hello=Hi'])])
   mirage_boot_args=$withval], [mirage_boot_args=])
AC_ARG_WITH([xen-bridge],
  [AS_HELP_STRING([--with-xen-bridge=BRIDGE],
    [the host bridge of the network interfaces in NAME.xl (xen)
     @<:@default=xenbr0@:>@])],
  [AS_CASE([$withval],
    [yes|no|""], [AC_MSG_ERROR([MIRAGE_@&t@TARGET: --with-xen-bridge needs a bridge, as --with-xen-bridge=xenbr0])])
   mirage_xen_bridge=$withval], [mirage_xen_bridge=])
AC_ARG_WITH([xen-disk-dir],
  [AS_HELP_STRING([--with-xen-disk-dir=DIR],
    [the folder of the disk files in NAME.xl (xen): block device DEVICE
     is DIR/DEVICE.img @<:@default=xl's working directory@:>@])],
  [AS_CASE([$withval],
    [yes|no|""], [AC_MSG_ERROR([MIRAGE_@&t@TARGET: --with-xen-disk-dir needs a folder, as --with-xen-disk-dir=/var/lib/xen/images])])
   mirage_xen_disk_dir=$withval], [mirage_xen_disk_dir=])
PKG_CHECK_MODULES([MIRAGE], [mirage-$mirage_target], [],
  [AC_MSG_ERROR([MIRAGE_@&t@TARGET: target $mirage_target is not available in this build of mirage (pkg-config finds no usable mirage-$mirage_target.pc: $MIRAGE_PKG_ERRORS)])])
AC_SUBST([MIRAGE_TARGET_NAME])
AC_SUBST([MIRAGE_IMAGE_SUFFIX])
m4_ifdef([AM_CONDITIONAL],
[AM_CONDITIONAL([MIRAGE_TARGET_UNIX], [test "x$mirage_target" = xunix])
AM_CONDITIONAL([MIRAGE_TARGET_SPT], [test "x$mirage_target" = xspt])
AM_CONDITIONAL([MIRAGE_TARGET_HVT], [test "x$mirage_target" = xhvt])
AM_CONDITIONAL([MIRAGE_TARGET_VIRTIO], [test "x$mirage_target" = xvirtio])
AM_CONDITIONAL([MIRAGE_TARGET_XEN], [test "x$mirage_target" = xxen])])dnl
])# MIRAGE_TARGET


# MIRAGE_DEVICE(NAME, TYPE, [IMPLEMENTATION], [DEPENDENCIES])
# -----------------------------------------------------------
# Declares a device instance NAME of TYPE (time, ...), built by
# IMPLEMENTATION (empty: the type's default) on top of the devices named in
# the space-separated DEPENDENCIES. The generated glue connects devices in
# dependency order. TYPE, IMPLEMENTATION and DEPENDENCIES are expanded by the
# shell, so they may come from a configure option (e.g. [$with_kv]).
AC_DEFUN([MIRAGE_DEVICE],
[_MIRAGE_NEED_INIT([DEVICE], [$1])dnl
_MIRAGE_NEED_NAME([DEVICE], [$1], [device])dnl
_MIRAGE_RECORD([device], [$1], [DEVICE],
[type = $2
implementation = $3
depends = m4_normalize([$4])])dnl
])# MIRAGE_DEVICE


# MIRAGE_RUNTIME_ARG(NAME, TYPE, DEFAULT, DOC, [SECTION])
# -------------------------------------------------------
# Declares the boot-time argument --NAME of TYPE: string, bool, int, int64,
# ipv4, ipv4-prefix, ipv6, ipv6-prefix or enum(a|b|...), or list(T),
# repeated(T), optional(T) or required(T) of one of those (README, "Argument
# types"). DEFAULT is text, parsed at boot like a command-line value and
# checked now; optional and required arguments take none. DOC describes it
# in --help under SECTION: options (the default), arguments, network, disk,
# log or runtime. DEFAULT and DOC are taken literally.
AC_DEFUN([MIRAGE_RUNTIME_ARG],
[_MIRAGE_NEED_INIT([RUNTIME_ARG], [$1])dnl
_MIRAGE_NEED_NAME([RUNTIME_ARG], [$1], [argument])dnl
_MIRAGE_LITERAL([mirage_default], [[$3]])
_MIRAGE_LITERAL([mirage_doc], [[$4]], [mirage_fn_escape_prose])
_MIRAGE_RECORD([arg], [$1], [RUNTIME_ARG],
[type = $2
default = $mirage_default
doc = $mirage_doc
section = $5])dnl
])# MIRAGE_RUNTIME_ARG


# MIRAGE_UNIKERNEL(NAME, START-FUNCTION, [DEVICES], [RUNTIME-ARGS], [DIR])
# ------------------------------------------------------------------------
# Declares the image NAME: at boot the runtime parses the arguments,
# connects the devices, and calls START-FUNCTION with the DEVICES, then the
# RUNTIME-ARGS (space-separated names, in that order). Its prototype is
# written to mirage_main.h, so the compiler checks it. One per configure.ac.
# DIR is the folder, relative to the top of the tree, of the Makefile.am
# that builds the image (the one with @MIRAGE_RULES@): mirage.spec, the
# rules and the glue are written in its build folder, and kv_ro crunch
# folders are below its source folder. Empty: the folder of the one
# configured file whose template holds @MIRAGE_RULES@, else the top.
AC_DEFUN([MIRAGE_UNIKERNEL],
[_MIRAGE_NEED_INIT([UNIKERNEL], [$1])dnl
_MIRAGE_NEED_NAME([UNIKERNEL], [$1], [unikernel])dnl
AC_REQUIRE([MIRAGE_TARGET])dnl
m4_ifdef([_MIRAGE_UNIKERNEL_LOCATION],
  [_MIRAGE_FAIL([UNIKERNEL], [$1],
    [a configure.ac declares one unikernel, and ]_MIRAGE_UNIKERNEL_NAME[ is already declared at ]_MIRAGE_UNIKERNEL_LOCATION)],
  [_MIRAGE_UNIKERNEL_BODY($@)])dnl
])# MIRAGE_UNIKERNEL

# _MIRAGE_UNIKERNEL_BODY(NAME, START-FUNCTION, [DEVICES], [RUNTIME-ARGS])
# ----------------------------------------------------------------------
# The work of the first (and only) MIRAGE_UNIKERNEL.
m4_define([_MIRAGE_UNIKERNEL_BODY],
[m4_define([_MIRAGE_UNIKERNEL_LOCATION], __file__:__line__)dnl
m4_define([_MIRAGE_UNIKERNEL_NAME], [$1])dnl
dnl the unikernel's record is completed by _MIRAGE_OUTPUT, which knows its
dnl folder once every AC_CONFIG_FILES has been seen
mirage_unikernel_record="start = $2
devices = m4_normalize([$3])
args = m4_normalize([$4])
version = $PACKAGE_VERSION
target = $mirage_target
memory = `printf '%s\n' "$mirage_memory" | mirage_fn_escape`
boot_args = `printf '%s\n' "$mirage_boot_args" | mirage_fn_escape`
xen_bridge = `printf '%s\n' "$mirage_xen_bridge" | mirage_fn_escape`
xen_disk_dir = `printf '%s\n' "$mirage_xen_disk_dir" | mirage_fn_escape`"
mirage_unikernel_location=__file__:__line__
mirage_dir=m4_normalize([$5])
MIRAGE_IMAGE="$1$MIRAGE_IMAGE_SUFFIX"
mirage_unikernel="$1"
AC_SUBST([MIRAGE_IMAGE])dnl
AC_SUBST_FILE([MIRAGE_RULES])dnl
AC_CONFIG_COMMANDS([mirage_main.c],
[mirage_tmp_out=`cd "$mirage_dir" && "$MIRAGE" generate --no-warnings mirage.spec 2>&1` || {
  printf '%s\n' "$mirage_tmp_out" >&2
  AC_MSG_ERROR(['$MIRAGE generate mirage.spec' failed in $mirage_dir])
}
test -z "$mirage_tmp_out" || printf '%s\n' "$mirage_tmp_out"],
[MIRAGE='$MIRAGE'
mirage_dir='$mirage_dir'])dnl
])# _MIRAGE_UNIKERNEL_BODY


# _MIRAGE_FIND_DIR
# ----------------
# Sets mirage_dir, when MIRAGE_UNIKERNEL did not, to the folder of the one
# configured file whose template holds @MIRAGE_RULES@ (`.' when there is
# none); two such files stop configure, naming them.
m4_define([_MIRAGE_FIND_DIR],
[AS_IF([test -z "$mirage_dir"],
[mirage_found=
for mirage_file in $ac_config_files; do
  mirage_out=`expr "x$mirage_file" : 'x\([[^:]]*\)'`
  mirage_ins=`expr "x$mirage_file" : 'x[[^:]]*:\(.*\)'`
  test -n "$mirage_ins" || mirage_ins=$mirage_out.in
  mirage_save_IFS=$IFS; IFS=:
  for mirage_in in $mirage_ins; do
    IFS=$mirage_save_IFS
    test -f "$srcdir/$mirage_in" &&
      grep '@MIRAGE_RULES@' "$srcdir/$mirage_in" >/dev/null 2>&1 &&
      mirage_found="$mirage_found $mirage_out"
  done
  IFS=$mirage_save_IFS
done
set x $mirage_found; shift
AS_CASE([$[@%:@]],
  [0], [mirage_dir=.],
  [1], [mirage_dir=`AS_DIRNAME(["$[1]"])`],
  [AC_MSG_ERROR([MIRAGE_@&t@UNIKERNEL: @MIRAGE_@&t@RULES@ is in more than one configured file ($mirage_found); keep it in the Makefile.am that builds the image, or name its folder in the fifth argument of MIRAGE_@&t@UNIKERNEL])])])
mirage_dir=`printf '%s\n' "$mirage_dir" | $SED -e 's,/*$,,' -e 's,^\./,,'`
test -n "$mirage_dir" || mirage_dir=.
AS_CASE([$mirage_dir],
  [/*|..|../*|*/..|*/../*],
    [AC_MSG_ERROR([MIRAGE_@&t@UNIKERNEL($mirage_unikernel): the folder '$mirage_dir' must be relative to the top of the tree and inside it])])
])# _MIRAGE_FIND_DIR


# _MIRAGE_DEPLOY_RULES
# --------------------
# Shell code of _MIRAGE_OUTPUT: the make rules that install the xen
# target's NAME.xl and the virtio target's NAME_libvirt.xml in
# $(pkgdatadir), with the kernel's installed path, when the image is an
# installed program (bin_, sbin_ or libexec_PROGRAMS).
m4_define([_MIRAGE_DEPLOY_RULES],
[AS_CASE([$mirage_target],
  [xen], [mirage_deploy=$mirage_unikernel.xl
          mirage_deploy_sed='s|^kernel = .*|kernel = "@IMAGE@"|'],
  [virtio], [mirage_deploy=${mirage_unikernel}_libvirt.xml
          mirage_deploy_sed='s|<kernel>.*</kernel>|<kernel>@IMAGE@</kernel>|'],
  [mirage_deploy=])
  if test -n "$mirage_deploy"; then
    echo "# $mirage_deploy is installed in \$(pkgdatadir), naming the installed image."
    echo "mirage_deploy_dir = \$(if \$(filter \$(mirage_unikernel_program),\$(bin_PROGRAMS)),\$(bindir),\$(if \$(filter \$(mirage_unikernel_program),\$(sbin_PROGRAMS)),\$(sbindir),\$(if \$(filter \$(mirage_unikernel_program),\$(libexec_PROGRAMS)),\$(libexecdir))))"
    echo "install-data-am: mirage-install-deploy"
    echo "uninstall-am: mirage-uninstall-deploy"
    echo ".PHONY: mirage-install-deploy mirage-uninstall-deploy"
    echo "mirage-install-deploy: $mirage_deploy"
    printf '\t%s\n' '@test -z "$(mirage_deploy_dir)" || { \' \
      '  image=`echo $(mirage_unikernel) | sed '"'"'$(mirage_transform)'"'"'`; \' \
      "  sed '$mirage_deploy_sed' $mirage_deploy | sed \"s|@IMAGE@|\$(mirage_deploy_dir)/\$\$image|\" > $mirage_deploy.installed && \\" \
      '  $(MKDIR_P) "$(DESTDIR)$(pkgdatadir)" && \' \
      "  echo \" \$(INSTALL_DATA) $mirage_deploy '\$(DESTDIR)\$(pkgdatadir)'\"; \\" \
      "  \$(INSTALL_DATA) $mirage_deploy.installed \"\$(DESTDIR)\$(pkgdatadir)/$mirage_deploy\"; }"
    echo "mirage-uninstall-deploy:"
    printf '\t%s\n' "rm -f \"\$(DESTDIR)\$(pkgdatadir)/$mirage_deploy\""
    echo "mirage_unikernel = $mirage_unikernel"
    echo "mirage-clean: mirage-clean-deploy"
    echo ".PHONY: mirage-clean-deploy"
    echo "mirage-clean-deploy:"
    printf '\trm -f %s.installed\n' "$mirage_deploy"
  fi
])# _MIRAGE_DEPLOY_RULES


# _MIRAGE_PREFIX_MAP
# ------------------
# Shell code of _MIRAGE_OUTPUT: a reproducible image (README, "Reproducible
# builds"). Appends to MIRAGE_CFLAGS the options that map the project's
# source and build folders to `.' in the image's objects (debug
# information, __FILE__), the build folder last so that it wins when one
# holds the other: -ffile-prefix-map, else -fdebug-prefix-map, else none
# when $CC knows neither or a folder's name holds `=' or white space.
m4_define([_MIRAGE_PREFIX_MAP],
[mirage_abs_top_srcdir=`cd "$srcdir" && pwd`
mirage_abs_top_builddir=`pwd`
AS_CASE([$mirage_abs_top_srcdir$mirage_abs_top_builddir],
  [*=*|*[[\ \	]]*], [],
  [AC_MSG_CHECKING([how $CC maps the build folders out of the image])
  AC_LANG_PUSH([C])
  mirage_save_CFLAGS=$CFLAGS
  for mirage_flag in -ffile-prefix-map -fdebug-prefix-map none; do
    test "x$mirage_flag" = xnone && break
    CFLAGS="$mirage_save_CFLAGS $mirage_flag=$mirage_abs_top_srcdir=."
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([], [[return 0;]])], [break])
  done
  CFLAGS=$mirage_save_CFLAGS
  AC_LANG_POP([C])
  AC_MSG_RESULT([$mirage_flag])
  AS_IF([test "x$mirage_flag" != xnone],
    [MIRAGE_CFLAGS="$MIRAGE_CFLAGS $mirage_flag=$mirage_abs_top_srcdir=."
     test "x$mirage_abs_top_srcdir" = "x$mirage_abs_top_builddir" ||
       MIRAGE_CFLAGS="$MIRAGE_CFLAGS $mirage_flag=$mirage_abs_top_builddir=."])])
])# _MIRAGE_PREFIX_MAP


# _MIRAGE_OUTPUT
# --------------
# Runs just before config.status is made: writes mirage.spec (replacing it
# only when it changed), has the helper check it, and writes the make rules
# substituted for @MIRAGE_RULES@.
m4_define([_MIRAGE_OUTPUT],
[_MIRAGE_FIND_DIR
dnl the absolute source folder: crunch devices embed directories below it
mirage_abs_srcdir=`cd "$srcdir/$mirage_dir" && pwd` ||
  AC_MSG_ERROR([MIRAGE_@&t@UNIKERNEL: cannot find the source folder '$srcdir/$mirage_dir'])
mirage_abs_srcdir=`printf '%s\n' "$mirage_abs_srcdir" | mirage_fn_escape`
AS_IF([test -n "$mirage_unikernel"],
[mirage_spec_text="$mirage_spec_text

@<:@unikernel $mirage_unikernel@:>@
location = $mirage_unikernel_location
$mirage_unikernel_record
srcdir = $mirage_abs_srcdir"])
AS_MKDIR_P(["$mirage_dir"])
AC_MSG_NOTICE([writing $mirage_dir/mirage.spec])
{
  echo "# mirage.spec: written by configure from configure.ac; do not edit"
  printf '%s\n' "$mirage_spec_text"
} > "$mirage_dir/mirage.spec.tmp" ||
  AC_MSG_ERROR([cannot write $mirage_dir/mirage.spec.tmp])
if cmp -s "$mirage_dir/mirage.spec.tmp" "$mirage_dir/mirage.spec"; then
  rm -f "$mirage_dir/mirage.spec.tmp"
else
  mv -f "$mirage_dir/mirage.spec.tmp" "$mirage_dir/mirage.spec"
fi
_MIRAGE_PREFIX_MAP
dnl the target and its flags, rewritten only when they change: the image's
dnl objects depend on it, so that a new target rebuilds them
printf '%s\n' "target = $mirage_target" "cflags = $MIRAGE_CFLAGS" \
  "libs = $MIRAGE_LIBS" > "$mirage_dir/mirage-target.tmp" ||
  AC_MSG_ERROR([cannot write $mirage_dir/mirage-target.tmp])
if cmp -s "$mirage_dir/mirage-target.tmp" "$mirage_dir/mirage-target"; then
  rm -f "$mirage_dir/mirage-target.tmp"
else
  mv -f "$mirage_dir/mirage-target.tmp" "$mirage_dir/mirage-target"
fi
AC_MSG_CHECKING([the MIRAGE_@&t@* declarations])
if mirage_tmp_out=`cd "$mirage_dir" && "$MIRAGE" check mirage.spec 2>&1`; then
  AC_MSG_RESULT([ok])
  test -z "$mirage_tmp_out" || printf '%s\n' "$mirage_tmp_out" >&2
else
  AC_MSG_RESULT([invalid])
  printf '%s\n' "$mirage_tmp_out" >&2
  printf '%s\n' "$mirage_tmp_out" >&AS_MESSAGE_LOG_FD
  AC_MSG_ERROR([the MIRAGE_@&t@* declarations in configure.ac are invalid (see above); fix them and run configure again])
fi
MIRAGE_RULES=$mirage_dir/mirage.mk
mirage_canon=`printf '%s\n' "$mirage_unikernel" | $SED 's/[[^a-zA-Z0-9_]]/_/g'`
{
  echo "# Rules of the unikernel image, from MIRAGE_@&t@UNIKERNEL via MIRAGE_@&t@RULES."
  echo "# Target: $mirage_target. Written by configure; do not edit."
  echo "mirage_unikernel_program = $mirage_unikernel\$(EXEEXT)"
  echo "mirage_main.h: mirage_main.c"
  echo "mirage_main.c: mirage.spec"
  printf '\t%s\n' '$(MIRAGE) generate --no-warnings mirage.spec'
  echo "# The files of kv_ro crunch devices, re-crunched when a file below"
  echo "# their directory changes, appears or disappears (GNU make)."
  echo "mirage_crunch_%.c: mirage.spec"
  printf '\t%s\n' '$(MIRAGE) generate --no-warnings mirage.spec && touch $[]@'
  printf '%s\n' '-include $(wildcard mirage_crunch_*.d)'
  echo "# The image's objects are rebuilt when the target or its flags change."
  echo "\$(${mirage_canon}_OBJECTS): mirage-target"
  echo "# The image's objects never get the host project's A@&t@M_CPPFLAGS (such as"
  echo "# gnulib's -I\$(top_srcdir)/lib, for the host's libc): on every target,"
  echo "# so that one tree builds for all; ${mirage_canon}_CPPFLAGS is theirs."
  echo "\$(${mirage_canon}_OBJECTS): A@&t@M_CPPFLAGS ="
  if test -n "$MIRAGE_IMAGE_SUFFIX"; then
    echo "# Installed under the image's real name, NAME$MIRAGE_IMAGE_SUFFIX."
    echo "mirage_transform = s/^$mirage_unikernel\$\$/$mirage_unikernel$MIRAGE_IMAGE_SUFFIX/;\$(program_transform_name)"
    echo "install-%PROGRAMS uninstall-%PROGRAMS: transform = \$(mirage_transform)"
  fi
  echo "clean-am: mirage-clean"
  echo "distclean-am: mirage-distclean"
  echo ".PHONY: mirage-clean mirage-distclean"
  if test -n "$MIRAGE_IMAGE_SUFFIX"; then
    echo "all-am: \$(MIRAGE_IMAGE)"
    echo "\$(MIRAGE_IMAGE): $mirage_unikernel\$(EXEEXT)"
    printf '\t%s\n' 'cp -f $(mirage_unikernel_program) $[]@'
    echo "mirage-clean:"
    printf '\t%s\n' 'rm -f $(MIRAGE_IMAGE)'
    _MIRAGE_DEPLOY_RULES
  else
    echo "mirage-clean:"
  fi
  echo "mirage-distclean:"
  printf '\t%s\n' 'rm -f mirage.spec mirage.mk mirage-target mirage_main.c mirage_main.h'
  # the Xen domain configuration that generate writes for the xen target,
  # and the libvirt domain for the virtio target (removed for every target:
  # they may be left from an earlier configure)
  printf '\trm -f %s.xl %s.xl.in %s_libvirt.xml\n' "$mirage_unikernel" \
    "$mirage_unikernel" "$mirage_unikernel"
  printf '\t%s\n' 'rm -f mirage_crunch_*.c mirage_crunch_*.d'
} > "$mirage_dir/mirage.mk" || AC_MSG_ERROR([cannot write $mirage_dir/mirage.mk])
])# _MIRAGE_OUTPUT


# MIRAGE_TLS_CERTS(DIR, NAME [NAME...])
# -------------------------------------
# The certificates of a TLS server, for the kv_ro of a `tls` device
# (doc/tls.md). Adds --with-tls-certs=FOLDER: a folder with the user's own
# (server.pem, the chain, leaf first, and server.key, its private key; for
# SNI, more NAME.pem and NAME.key; ca.pem, the anchors a client trusts).
# Without it, makes test certificates with openssl, once, in DIR of the
# build folder: a test CA (ca.pem; its key DIR-ca.key beside the folder,
# never embedded), then for the first NAME
# server.pem and server.key, and for each other NAME, NAME.pem and
# NAME.key: certificates for that DNS name signed by the CA, with keys of
# --with-tls-test-key=ec (P-256, the default) or rsa (2048 bits). Sets
# MIRAGE_TLS_CERTS_DIR to the folder's absolute path, for
# MIRAGE_DEVICE([certs], [kv_ro], [crunch($MIRAGE_TLS_CERTS_DIR)]).
AC_DEFUN([MIRAGE_TLS_CERTS],
[AC_ARG_WITH([tls-certs],
  [AS_HELP_STRING([--with-tls-certs=FOLDER],
    [the TLS certificates and keys to embed (server.pem, server.key, ...)
     @<:@default: test certificates made by openssl in $1@:>@])],
  [], [with_tls_certs=])
AC_ARG_WITH([tls-test-key],
  [AS_HELP_STRING([--with-tls-test-key=ec|rsa],
    [the key type of the test certificates @<:@ec@:>@])],
  [], [with_tls_test_key=ec])
AS_CASE([$with_tls_test_key],
  [ec], [mirage_tls_newkey='-newkey ec -pkeyopt ec_paramgen_curve:P-256'],
  [rsa], [mirage_tls_newkey='-newkey rsa:2048'],
  [AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: --with-tls-test-key must be ec or rsa, not '$with_tls_test_key'])])
AS_CASE([$with_tls_certs],
  [yes|no], [AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: --with-tls-certs needs a folder, as --with-tls-certs=/etc/my-unikernel/tls])],
  [""], [],
  [test -d "$with_tls_certs" ||
     AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: --with-tls-certs=$with_tls_certs: no such folder])
   test -f "$with_tls_certs/server.pem" && test -f "$with_tls_certs/server.key" ||
     AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: $with_tls_certs has no server.pem and server.key (the chain and its key, PEM)])])
AC_MSG_CHECKING([for the TLS certificates])
AS_IF([test -n "$with_tls_certs"],
  [MIRAGE_TLS_CERTS_DIR=`cd "$with_tls_certs" && pwd`],
  [MIRAGE_TLS_CERTS_DIR=`pwd`/$1
   AS_IF([test -f "$MIRAGE_TLS_CERTS_DIR/server.pem"],
     [AC_MSG_RESULT([$MIRAGE_TLS_CERTS_DIR (made before)])],
     [AC_MSG_RESULT([test certificates, made now in $MIRAGE_TLS_CERTS_DIR])
      AC_PATH_PROG([OPENSSL], [openssl])
      AS_IF([test -z "$OPENSSL"],
        [AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: openssl makes the test certificates, and it was not found: install it (Debian: openssl), or give your own with --with-tls-certs=FOLDER])])
      _MIRAGE_TLS_MAKE_CERTS([$MIRAGE_TLS_CERTS_DIR], [$2]) ||
        AC_MSG_ERROR([MIRAGE_@&t@TLS_CERTS: openssl could not make the test certificates in $MIRAGE_TLS_CERTS_DIR (see config.log)])])])
AS_IF([test -n "$with_tls_certs"], [AC_MSG_RESULT([$MIRAGE_TLS_CERTS_DIR])])
AC_SUBST([MIRAGE_TLS_CERTS_DIR])
])# MIRAGE_TLS_CERTS


# _MIRAGE_TLS_MAKE_CERTS(DIR, NAMES)
# ----------------------------------
# The test CA and certificates of MIRAGE_TLS_CERTS, made in DIR; the
# commands and their output go to config.log. Fails (status 1) on any error.
m4_define([_MIRAGE_TLS_MAKE_CERTS],
[(
  set -e
  d=$1
  mkdir -p "$d"
  cd "$d"
  cat >openssl.cnf <<'END_OF_OPENSSL_CNF'
[[req]]
distinguished_name = dn
prompt = no
[[dn]]
CN = Mirage test CA
[[ca]]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
END_OF_OPENSSL_CNF
  # the CA's key stays out of the folder that is embedded
  cakey=../`basename "$d"`-ca.key
  $OPENSSL req -x509 -new $mirage_tls_newkey -nodes -keyout "$cakey" \
    -out ca.pem -days 3650 -config openssl.cnf -extensions ca
  first=yes
  for name in $2; do
    if test $first = yes; then base=server; first=no; else base=$name; fi
    printf 'subjectAltName = DNS:%s\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth\n' \
      "$name" >"$base.ext"
    $OPENSSL req -new $mirage_tls_newkey -nodes -keyout "$base.key" \
      -out "$base.csr" -subj "/CN=$name"
    $OPENSSL x509 -req -in "$base.csr" -CA ca.pem -CAkey "$cakey" \
      -CAcreateserial -out "$base.pem" -days 825 -extfile "$base.ext"
    rm -f "$base.csr" "$base.ext"
  done
  rm -f openssl.cnf ca.srl
) >&AS_MESSAGE_LOG_FD 2>&1])


# MIRAGE_TLS_ANCHORS(DIR)
# -----------------------
# The trust anchors of a TLS client, for the kv_ro of a `tls` device
# (doc/tls.md): adds --with-tls-anchors=FILE, a PEM bundle of the CA
# certificates that servers' chains must lead to, copied by configure to
# DIR/ca.pem in the build folder (the `tls` device's default
# --NAME-anchors). The default FILE is the host's bundle,
# /etc/ssl/certs/ca-certificates.crt (Debian's ca-certificates); without
# one, DIR stays empty, configure warns, and the device refuses to make
# TLS clients. Sets MIRAGE_TLS_ANCHORS_DIR to DIR's absolute path, for
# MIRAGE_DEVICE([anchors], [kv_ro], [crunch($MIRAGE_TLS_ANCHORS_DIR)]).
AC_DEFUN([MIRAGE_TLS_ANCHORS],
[AC_ARG_WITH([tls-anchors],
  [AS_HELP_STRING([--with-tls-anchors=FILE],
    [the PEM bundle of CA certificates that TLS clients trust
     @<:@/etc/ssl/certs/ca-certificates.crt@:>@])],
  [AS_CASE([$withval],
    [yes|""], [AC_MSG_ERROR([MIRAGE_@&t@TLS_ANCHORS: --with-tls-anchors needs a file, as --with-tls-anchors=/etc/ssl/certs/ca-certificates.crt])],
    [no], [mirage_tls_anchors=],
    [test -f "$withval" ||
       AC_MSG_ERROR([MIRAGE_@&t@TLS_ANCHORS: --with-tls-anchors=$withval: no such file])
     mirage_tls_anchors=$withval])],
  [mirage_tls_anchors=/etc/ssl/certs/ca-certificates.crt
   test -f "$mirage_tls_anchors" || mirage_tls_anchors=])
MIRAGE_TLS_ANCHORS_DIR=`pwd`/$1
AC_MSG_CHECKING([for the TLS trust anchors])
rm -rf "$MIRAGE_TLS_ANCHORS_DIR" && mkdir -p "$MIRAGE_TLS_ANCHORS_DIR" ||
  AC_MSG_ERROR([MIRAGE_@&t@TLS_ANCHORS: cannot make $MIRAGE_TLS_ANCHORS_DIR])
AS_IF([test -n "$mirage_tls_anchors"],
  [cp "$mirage_tls_anchors" "$MIRAGE_TLS_ANCHORS_DIR/ca.pem" ||
     AC_MSG_ERROR([MIRAGE_@&t@TLS_ANCHORS: cannot copy $mirage_tls_anchors])
   AC_MSG_RESULT([$mirage_tls_anchors])],
  [AC_MSG_RESULT([none])
   AC_MSG_WARN([no trust anchors: TLS clients (https://) will be refused; install ca-certificates or give --with-tls-anchors=FILE])])
AC_SUBST([MIRAGE_TLS_ANCHORS_DIR])
])# MIRAGE_TLS_ANCHORS
