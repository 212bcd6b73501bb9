# Sourced by the build scripts: works around Debian's Emscripten 3.1.6 quirks (see README, "Toolchain").
# emcc -O2 and above run tools/acorn-optimizer.js, which needs Debian's acorn from /usr/share/nodejs.
export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
# EMCC_DEBUG and friends write to a fixed folder under /tmp; keep parallel jobs apart.
export AP_JOBS="${AP_JOBS:-$(nproc)}"
