"use strict";
// The emulator is written as ES modules; CommonJS loads it through require(esm) (Node 20.19+ and
// 22.12+), so both get the same module instance.
module.exports = require("./index.mjs");
