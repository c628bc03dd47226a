# The web UI's browser libraries and the browser for its end-to-end test. Included from the Makefile.
#   make ui       npm ci of ui/package*.json into build/ui/node_modules (served by `wirecoder serve` at /vendor)
#   make browser  Debian's Chromium at /usr/bin/chromium, for tests/test_server_ui.py (apt-get, as root or via sudo)
UI_BUILD := build/ui
UI_STAMP := $(UI_BUILD)/.installed
NPM ?= npm
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: ui browser

# Lifecycle scripts are off: none of these packages needs one, and nothing is downloaded beyond the tarballs.
$(UI_STAMP): ui/package.json ui/package-lock.json
	mkdir -p $(UI_BUILD)
	cp ui/package.json ui/package-lock.json $(UI_BUILD)/
	cd $(UI_BUILD) && $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

ui: $(UI_STAMP)

browser:
	@test -x $(CHROMIUM) || { $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; }
	@$(CHROMIUM) --version 2>/dev/null
