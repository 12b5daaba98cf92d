# SPDX-License-Identifier: GPL-2.0-or-later
# optimus-vfio: build, test, install.

VERSION := 0.2.0

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/optimus-vfio
SYSCONFDIR ?= $(PREFIX)/etc
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Iinclude -D_GNU_SOURCE \
	-DOVF_VERSION='"$(VERSION)"' -DOVF_DATADIR='"$(DATADIR)"'

PCI_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpci 2>/dev/null)
PCI_LIBS := $(shell $(PKG_CONFIG) --libs libpci 2>/dev/null || echo -lpci)
override CFLAGS += $(PCI_CFLAGS)
XML_CFLAGS := $(shell $(PKG_CONFIG) --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
XML_LIBS := $(shell $(PKG_CONFIG) --libs libxml-2.0 2>/dev/null || echo -lxml2)
override CFLAGS += $(XML_CFLAGS)
KMOD_CFLAGS := $(shell $(PKG_CONFIG) --cflags libkmod 2>/dev/null)
KMOD_LIBS := $(shell $(PKG_CONFIG) --libs libkmod 2>/dev/null || echo -lkmod)
VIRT_CFLAGS := $(shell $(PKG_CONFIG) --cflags libvirt 2>/dev/null)
VIRT_LIBS := $(shell $(PKG_CONFIG) --libs libvirt 2>/dev/null || echo -lvirt)
override CFLAGS += $(KMOD_CFLAGS) -DOVF_SBINDIR='"$(SBINDIR)"'
# Each binary links only the libraries it uses (LIBS_<name> below);
# --as-needed stays as a second guard.
override LDFLAGS += -Wl,--as-needed

# SANITIZE=1: ASan+UBSan build of everything in its own directory (build-san),
# so the normal build is untouched; `make check SANITIZE=1` runs the tests on it.
# The LD_PRELOAD shims stay unsanitized: they are also preloaded into the
# shell scripts a tool runs, which have no ASan runtime.
SAN_FLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
ifeq ($(SANITIZE),1)
B ?= build-san
override CFLAGS += $(SAN_FLAGS)
override LDFLAGS += $(SAN_FLAGS)
# verify_asan_link_order=0: the tool tests preload the unsanitized shims.
export ASAN_OPTIONS := verify_asan_link_order=0:detect_leaks=1:abort_on_error=0
export LSAN_OPTIONS := suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS := print_stacktrace=1:halt_on_error=1
endif
B ?= build
LIB := $(B)/libovf.a
LIB_SRC := $(wildcard src/lib/*.c)
LIB_OBJ := $(patsubst src/lib/%.c,$(B)/lib/%.o,$(LIB_SRC))
HDRS := $(wildcard include/ovf/*.h)
# tool-side helpers (messages); linked into the tools, not the library
COMMON_OBJ := $(patsubst src/common/%.c,$(B)/common/%.o,$(wildcard src/common/*.c))
# acpi/*.asl compiled into the library, so vfio-ssdt runs without installed templates.
ASL_TMPL := $(sort $(wildcard acpi/*.asl))
LIB_OBJ += $(B)/lib/ssdt_templates.o

# Tools a user runs (bin/) and tools that change the system (sbin/).
BIN_TOOLS := dump_vbios_rom_acpi vbios-info vbios-extract vfio-ssdt vfio-doctor
SBIN_TOOLS := pci-override gpu-reset vfio-domain
TOOLS := $(BIN_TOOLS) $(SBIN_TOOLS)

# The libraries each tool uses (what its code and the library objects it
# pulls in call). The VM tests copy the libraries of the dumper, vbios-info,
# pci-override and gpu-reset into a small initramfs: no libvirt or libxml2
# there. tests/tools/t_ci.sh checks that each listed library is really used.
LIBS_dump_vbios_rom_acpi := $(PCI_LIBS)
LIBS_vbios-info := $(PCI_LIBS)
LIBS_vbios-extract := $(PCI_LIBS)
LIBS_vfio-ssdt := $(XML_LIBS)
LIBS_vfio-doctor := $(PCI_LIBS) $(XML_LIBS) $(KMOD_LIBS)
LIBS_pci-override := $(PCI_LIBS)
LIBS_gpu-reset := $(PCI_LIBS) $(KMOD_LIBS)
LIBS_vfio-domain := $(PCI_LIBS) $(XML_LIBS) $(VIRT_LIBS)
CFLAGS_vfio-domain := $(VIRT_CFLAGS)
# the library module that calls libvirt (src/lib/virt.c)
CFLAGS_lib_virt := $(VIRT_CFLAGS)
$(foreach t,$(TOOLS),$(if $(filter undefined,$(origin LIBS_$(t))),\
	$(error no LIBS_$(t): list the libraries $(t) links in the Makefile)))
TOOL_BINS := $(addprefix $(B)/,$(TOOLS))
MAN_SRC := $(wildcard man/*.1 man/*.8)
MANS := $(patsubst man/%,$(B)/man/%,$(MAN_SRC))

CHECK_CFLAGS = $(shell $(PKG_CONFIG) --cflags check)
CHECK_LIBS = $(shell $(PKG_CONFIG) --libs check)
# The libraries of the module a unit suite tests; a suite not listed here
# gets UNIT_LIBS, everything the library uses but libvirt.
UNIT_LIBS := $(PCI_LIBS) $(XML_LIBS) $(KMOD_LIBS)
LIBS_check_acpi_call :=
LIBS_check_cleanup :=
LIBS_check_config :=
LIBS_check_doctor := $(PCI_LIBS) $(KMOD_LIBS)
LIBS_check_domain := $(XML_LIBS)
LIBS_check_err :=
LIBS_check_json :=
LIBS_check_kvmfr :=
# until its kmod tests move to check_kmod.c
LIBS_check_override := $(PCI_LIBS)
LIBS_check_pciaddr :=
LIBS_check_pcidev := $(PCI_LIBS)
LIBS_check_pciids := $(PCI_LIBS)
LIBS_check_rom :=
LIBS_check_vbios :=
LIBS_check_fwimage :=
LIBS_check_extract :=
LIBS_check_romdump := $(PCI_LIBS)
LIBS_check_root :=
LIBS_check_spawn :=
LIBS_check_ssdt := $(XML_LIBS)
LIBS_check_util :=
LIBS_check_virt := $(VIRT_LIBS) $(XML_LIBS)
CFLAGS_check_virt := $(VIRT_CFLAGS)
# The test helpers need none; a new one not listed gets UNIT_LIBS.
LIBS_fake_acpi_call :=
LIBS_mkfv := -llzma
LIBS_mkrom :=
LIBS_mkromaml :=
# $(call libs_of,NAME): LIBS_NAME where the Makefile sets it, else UNIT_LIBS
libs_of = $(if $(filter undefined,$(origin LIBS_$(1))),$(UNIT_LIBS),$(LIBS_$(1)))
UNIT_SRC := $(wildcard tests/unit/check_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(B)/tests/%,$(UNIT_SRC))
HELPER_SRC := $(wildcard tests/helpers/*.c)
HELPER_BINS := $(patsubst tests/helpers/%.c,$(B)/tests/%,$(filter-out %_shim.c,$(HELPER_SRC)))
# LD_PRELOAD shims of the tool tests (tests/helpers/*_shim.c)
HELPER_BINS += $(patsubst tests/helpers/%.c,$(B)/tests/%.so,$(filter %_shim.c,$(HELPER_SRC)))
# The laptop-firmware _ROM models (tests/acpi/*.asl), for acpiexec and the VM.
IASL ?= iasl
MODEL_SRC := $(wildcard tests/acpi/*.asl)
MODEL_AML := $(patsubst tests/acpi/%.asl,$(B)/tests/acpi/%.aml,$(MODEL_SRC))
HELPER_BINS += $(MODEL_AML)

all: $(TOOL_BINS) $(MANS)

$(B)/lib/%.o: src/lib/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_lib_$*) -c -o $@ $<

# One char array per template (od, not xxd: coreutils is always there).
$(B)/gen/ssdt_templates.c: $(ASL_TMPL) Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from the templates in acpi/ by the Makefile; do not edit. */'; \
	  echo '#include <stddef.h>'; echo '#include "ovf/ssdt.h"'; \
	  i=0; for f in $(ASL_TMPL); do \
		echo "static const char t$$i[] = {"; \
		od -An -v -tx1 "$$f" | sed -e 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
		echo '0 };'; i=$$((i + 1)); \
	  done; \
	  echo 'const struct ovf_ssdt_template ovf_ssdt_builtin[] = {'; \
	  i=0; for f in $(ASL_TMPL); do \
		echo "	{ \"$${f##*/}\", t$$i, sizeof(t$$i) - 1 },"; i=$$((i + 1)); \
	  done; \
	  echo '	{ NULL, NULL, 0 },'; echo '};'; } > $@.tmp && mv $@.tmp $@

$(B)/lib/ssdt_templates.o: $(B)/gen/ssdt_templates.c $(HDRS)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(B)/common/%.o: src/common/%.c $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(B)/%: src/%.c $(LIB) $(COMMON_OBJ) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_$*) $(LDFLAGS) -o $@ $< $(COMMON_OBJ) $(LIB) $(LIBS_$*) $(LDLIBS)

# Man pages get the version, DATADIR and the defaults of include/ovf/ssdt.h
# filled in; an unknown @NAME@ token fails the build (scripts/fill-man).
$(B)/man/%: man/% scripts/fill-man include/ovf/ssdt.h Makefile
	@mkdir -p $(dir $@)
	sh scripts/fill-man '$(VERSION)' '$(DATADIR)' include/ovf/ssdt.h $< > $@.tmp
	mv $@.tmp $@

$(B)/tests/check_%: tests/unit/check_%.c tests/unit/unit.h $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(CFLAGS_check_$*) $(CHECK_CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) \
		$(call libs_of,check_$*) $(CHECK_LIBS) $(LDLIBS)

$(B)/tests/%: tests/helpers/%.c $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(LIB) $(call libs_of,$*) $(LDLIBS)

$(B)/tests/%_shim.so: tests/helpers/%_shim.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(filter-out $(SAN_FLAGS),$(CFLAGS)) -fPIC -shared \
		$(filter-out $(SAN_FLAGS),$(LDFLAGS)) -o $@ $< -ldl

# -vs -vi: no banner; the models' remarks are expected (see tests/acpi/)
$(B)/tests/acpi/%.aml: tests/acpi/%.asl
	@mkdir -p $(dir $@)
	$(IASL) -vs -vi -p $(basename $@) $< > $@.log || { cat $@.log; exit 1; }

# libFuzzer harnesses (tests/fuzz/run.sh builds them with clang into build-fuzz).
$(B)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(LIB) $(HDRS)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) -fsanitize=fuzzer $(LDFLAGS) -o $@ $< $(LIB) \
		$(PCI_LIBS) $(XML_LIBS) $(KMOD_LIBS) $(LDLIBS)

FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh

lint:
	scripts/lint

check: all $(UNIT_BINS) $(HELPER_BINS)
	@fail=0; for t in $(UNIT_BINS); do \
		echo "== $$t"; CK_FORK=yes TOP=$(CURDIR) B=$(B) $$t || fail=1; \
	done; \
	echo "== tool tests"; \
	B=$(B) tests/tools/run.sh || fail=1; \
	exit $$fail

# The tool tests again with every tool under valgrind's memcheck (tests/tools/lib.sh).
memcheck: all $(HELPER_BINS)
	VALGRIND=1 B=$(B) tests/tools/run.sh

vmcheck: all $(HELPER_BINS)
	B=$(B) tests/vm/vmcheck.sh

# The whole user journey: a simulated laptop (VM) passes its GPU stand-in
# through libvirt, our hook and real VFIO to a nested guest (tests/e2e/).
e2e: all $(HELPER_BINS)
	B=$(B) tests/e2e/e2e.sh

bench: all $(HELPER_BINS)
	B=$(B) tests/vm/bench.sh

# Build the Debian package in a temporary copy and list it (dpkg -c). The
# package's own test run is skipped: "make check" runs the same tests.
debcheck:
	DEB_BUILD_OPTIONS=nocheck packaging/build-deb.sh

demo: all $(HELPER_BINS)
	B=$(B) tests/vm/demo.sh

# The libvirt hook gets the installed sbin directory (filled in at install
# time: SBINDIR may differ from the build's). Shell completion: one file, and
# a symlink per tool for bash-completion's on-demand loading.
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) \
		$(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DATADIR)/acpi \
		$(DESTDIR)$(DATADIR)/hooks $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(SYSCONFDIR)
	$(if $(BIN_TOOLS),install -m 0755 $(addprefix $(B)/,$(BIN_TOOLS)) $(DESTDIR)$(BINDIR)/)
	$(if $(SBIN_TOOLS),install -m 0755 $(addprefix $(B)/,$(SBIN_TOOLS)) $(DESTDIR)$(SBINDIR)/)
	$(if $(filter %.1,$(MANS)),install -m 0644 $(filter %.1,$(MANS)) $(DESTDIR)$(MANDIR)/man1/)
	$(if $(filter %.8,$(MANS)),install -m 0644 $(filter %.8,$(MANS)) $(DESTDIR)$(MANDIR)/man8/)
	$(if $(wildcard acpi/*.asl),install -m 0644 $(wildcard acpi/*.asl) $(DESTDIR)$(DATADIR)/acpi/)
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' hooks/qemu > $(DESTDIR)$(DATADIR)/hooks/qemu
	chmod 0755 $(DESTDIR)$(DATADIR)/hooks/qemu
	install -m 0644 hooks/hook.conf.example $(DESTDIR)$(DATADIR)/hooks/hook.conf.example
	install -d $(DESTDIR)$(DATADIR)/boot
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' hooks/boot/initramfs-tools > $(DESTDIR)$(DATADIR)/boot/initramfs-tools
	sed -e 's|@SBINDIR@|$(SBINDIR)|g' hooks/boot/mkinitcpio > $(DESTDIR)$(DATADIR)/boot/mkinitcpio
	chmod 0755 $(DESTDIR)$(DATADIR)/boot/initramfs-tools $(DESTDIR)$(DATADIR)/boot/mkinitcpio
	install -m 0644 completion/optimus-vfio $(DESTDIR)$(BASHCOMPDIR)/optimus-vfio
	for t in $(TOOLS); do ln -sf optimus-vfio $(DESTDIR)$(BASHCOMPDIR)/$$t || exit 1; done
	install -m 0644 etc/optimus-vfio.conf.example $(DESTDIR)$(SYSCONFDIR)/optimus-vfio.conf.example

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(BIN_TOOLS))
	rm -f $(addprefix $(DESTDIR)$(SBINDIR)/,$(SBIN_TOOLS))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(filter %.1,$(MANS))))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(filter %.8,$(MANS))))
	rm -f $(addprefix $(DESTDIR)$(DATADIR)/acpi/,$(notdir $(wildcard acpi/*.asl)))
	rm -f $(DESTDIR)$(DATADIR)/hooks/qemu $(DESTDIR)$(DATADIR)/hooks/hook.conf.example
	rm -f $(DESTDIR)$(DATADIR)/boot/initramfs-tools $(DESTDIR)$(DATADIR)/boot/mkinitcpio
	rm -f $(DESTDIR)$(BASHCOMPDIR)/optimus-vfio $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(TOOLS))
	rm -f $(DESTDIR)$(SYSCONFDIR)/optimus-vfio.conf.example
	-rmdir $(DESTDIR)$(DATADIR)/acpi $(DESTDIR)$(DATADIR)/hooks $(DESTDIR)$(DATADIR)/boot $(DESTDIR)$(DATADIR) 2>/dev/null

clean:
	rm -rf $(B)

.PHONY: all check vmcheck e2e bench demo debcheck install uninstall clean fuzz lint memcheck
.SECONDARY:
