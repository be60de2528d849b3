/* SPDX-License-Identifier: ISC */
/* test_helper_libvirt.c: NAME_libvirt.xml's text, escaping and disk names. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "libvirt.h"
#include "tap.h"
#include "util.h"

static void text_is(const char *s, const char *want, const char *what)
{
    struct strbuf sb = {0};

    libvirt_xml_text(&sb, s);
    TAP_STREQ(sb_str(&sb), want, "text: %s", what);
    sb_free(&sb);
}

static void comment_is(const char *s, const char *want, const char *what)
{
    struct strbuf sb = {0};

    libvirt_xml_comment(&sb, s);
    TAP_STREQ(sb_str(&sb), want, "comment: %s", what);
    sb_free(&sb);
}

static void test_escaping(void)
{
    text_is("/srv/web.virtio", "/srv/web.virtio", "a plain path");
    text_is("a&b<c>d'e\"f", "a&amp;b&lt;c&gt;d&apos;e&quot;f",
            "& < > ' \" become entities");
    text_is("a\tb\nc\rd", "a&#9;b&#10;c&#13;d",
            "tab, newline, CR: character references");
    text_is("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
            "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "UTF-8 as it is");
    text_is("a\001b\xff"
            "c",
            "a?b?c", "a control byte and a bad byte: '?'");
    comment_is("a--b---c", "a- -b- - -c", "no \"--\" in a comment");
    comment_is("a\nb\tc", "a b c", "newline and tab: spaces");
    comment_is("<&>'\"", "<&>'\"", "markup characters stay in a comment");
    comment_is("\x80x", "?x", "a stray continuation byte: '?'");

    TAP_OK(libvirt_xml_ok("") && libvirt_xml_ok("/a b/c&d") &&
               libvirt_xml_ok("\t\n\r") && libvirt_xml_ok("\xc3\xa9") &&
               libvirt_xml_ok("\xef\xbf\xbd") &&
               libvirt_xml_ok("\xf4\x8f\xbf\xbf"),
           "XML holds text, tab, newline, CR, U+FFFD, U+10FFFF");
    TAP_OK(!libvirt_xml_ok("\001") && !libvirt_xml_ok("\x1f") &&
               !libvirt_xml_ok("a\x1b") && libvirt_xml_ok("\x7f"),
           "XML 1.0 holds no C0 control but tab, newline, CR (DEL it "
           "does)");
    TAP_OK(!libvirt_xml_ok("\xc3") && !libvirt_xml_ok("\xc3x") &&
               !libvirt_xml_ok("\xc0\xaf") && !libvirt_xml_ok("\xe0\x80\xaf") &&
               !libvirt_xml_ok("\xed\xa0\x80") &&
               !libvirt_xml_ok("\xef\xbf\xbe") &&
               !libvirt_xml_ok("\xef\xbf\xbf") &&
               !libvirt_xml_ok("\xf4\x90\x80\x80") && !libvirt_xml_ok("\xff"),
           "nor invalid UTF-8: cut, overlong, surrogate, U+FFFE, U+FFFF, "
           "beyond U+10FFFF");
}

/* How many times (needle) occurs in (hay). */
static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_text(void)
{
    struct libvirt_device devices[30];
    struct libvirt_config cfg = {
        .name = "web",
        .kernel = "/b&d/web.virtio",
        .disk_dir = "/b&d",
        .memory_mib = 96,
        .devices = devices,
        .origin = "Generated -- by a test.",
    };
    char names[30][8];
    char *text;
    const char *p;

    for (size_t i = 0; i < 30; i++) {
        snprintf(names[i], sizeof(names[i]), "d%zu", i);
        devices[i] = (struct libvirt_device){
            .name = names[i],
            .type = i % 3 == 1 ? "net" : "block",
            .implementation = i % 3 == 1 ? "default" : "virtio",
            .net = i % 3 == 1,
        };
    }
    cfg.ndevices = 0;
    text = libvirt_text(&cfg);
    TAP_OK(strstr(text, "<domain type='kvm'>\n  <name>web</name>\n") &&
               strstr(text, "<memory unit='MiB'>96</memory>") &&
               strstr(text, "<kernel>/b&amp;d/web.virtio</kernel>") &&
               strstr(text, "<cmdline></cmdline>") &&
               strstr(text, "<memballoon model='none'/>") &&
               strstr(text, "</devices>\n</domain>\n"),
           "a domain without devices: name, memory, escaped kernel");
    TAP_OK(!strstr(text, "<disk") && !strstr(text, "<interface"),
           "no disk, no interface");
    TAP_OK(strstr(text, "Generated - - by a test.") != NULL,
           "the origin line, made safe for a comment");
    for (p = strstr(text, "--"); p; p = strstr(p + 2, "--"))
        if (!(p - text >= 2 && p[-2] == '<' && p[-1] == '!') && p[2] != '>')
            break;
    TAP_OK(!p, "every \"--\" opens or closes a comment");
    free(text);

    cfg.ndevices = 30;
    text = libvirt_text(&cfg);
    TAP_OK(count(text, "<disk type='file' device='disk'>") == 20 &&
               count(text, "<interface type='bridge'>") == 10,
           "20 disks and 10 NICs");
    TAP_OK(strstr(text, "<source file='/b&amp;d/d0.img'/>\n"
                        "      <target dev='vda' bus='virtio'/>\n"
                        "      <serial>d0</serial>") &&
               strstr(text, "<source file='/b&amp;d/d2.img'/>\n"
                            "      <target dev='vdb' bus='virtio'/>\n"
                            "      <serial>d2</serial>"),
           "the first disks: vda, vdb, with their serials and files");
    TAP_OK(strstr(text, "/d29.img'/>\n      <target dev='vdt' ") != NULL,
           "the 20th disk is vdt");
    TAP_OK(strstr(text, "<!-- device d1 (net/default) -->") &&
               strstr(text, "<!-- device d28 (net/default) -->") &&
               strstr(text, "<!-- device d1 (net/default) -->") <
                   strstr(text, "<!-- device d28 (net/default) -->"),
           "the NICs in the order given");
    TAP_OK(strstr(text, "</disk>") < strstr(text, "<interface"),
           "disks first, then NICs");
    free(text);
}

static void test_disk_names(void)
{
    struct libvirt_device devices[703];
    struct libvirt_config cfg = {
        .name = "many",
        .kernel = "/k",
        .disk_dir = "/",
        .memory_mib = 64,
        .devices = devices,
        .ndevices = 703,
    };
    char *text;

    for (size_t i = 0; i < 703; i++)
        devices[i] = (struct libvirt_device){.name = "d"};
    text = libvirt_text(&cfg);
    TAP_OK(strstr(text, "<source file='/d.img'/>") != NULL,
           "a folder ending with '/' gets no second one");
    TAP_OK(strstr(text, "'vdz'") && strstr(text, "'vdaa'") &&
               strstr(text, "'vdaz'") && strstr(text, "'vdba'") &&
               strstr(text, "'vdzz'") && strstr(text, "'vdaaa'") &&
               !strstr(text, "'vdaab'"),
           "after vdz: vdaa ... vdzz, then vdaaa (703 disks)");
    free(text);
}

int main(void)
{
    test_escaping();
    test_text();
    test_disk_names();
    return tap_done();
}
