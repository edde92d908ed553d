
/**
 * [`Decision`] as JS sees it.
 * @enum {0 | 1 | 2 | 3 | 4}
 */
const Action = Object.freeze({
    /**
     * Hand out the held token.
     */
    Use: 0, "0": "Use",
    /**
     * Hand out the held token and start a background refresh.
     */
    UseAndRefresh: 1, "1": "UseAndRefresh",
    /**
     * Start a refresh and wait for it.
     */
    Fetch: 2, "2": "Fetch",
    /**
     * Wait for the refresh in flight.
     */
    Wait: 3, "3": "Wait",
    /**
     * Fail now with the last refresh error.
     */
    Fail: 4, "4": "Fail",
});
exports.Action = Action;

/**
 * One token cache, driven by the shim.
 */
class Core {
    __destroy_into_raw() {
        const ptr = this.__wbg_ptr;
        this.__wbg_ptr = 0;
        CoreFinalization.unregister(this);
        return ptr;
    }
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_core_free(ptr, 0);
    }
    /**
     * The id of the refresh in flight.
     * @returns {number | undefined}
     */
    attempt() {
        const ret = wasm.core_attempt(this.__wbg_ptr);
        return ret === Number.MAX_SAFE_INTEGER ? undefined : ret;
    }
    /**
     * The held token's claims as an object, or `undefined` when it is not a JWT or none is held.
     * @returns {any}
     */
    claims() {
        const ret = wasm.core_claims(this.__wbg_ptr);
        return ret;
    }
    /**
     * Forgets the held token and the refresh in flight.
     */
    clear() {
        wasm.core_clear(this.__wbg_ptr);
    }
    /**
     * What to do for a caller at `now` (ms since the epoch).
     * @param {number} now
     * @returns {Action}
     */
    decide(now) {
        const ret = wasm.core_decide(this.__wbg_ptr, now);
        return ret;
    }
    /**
     * The held token's expiry.
     * @returns {number | undefined}
     */
    expiresAt() {
        const ret = wasm.core_expiresAt(this.__wbg_ptr);
        return ret[0] === 0 ? undefined : ret[1];
    }
    /**
     * Refresh failures in a row.
     * @returns {number}
     */
    failures() {
        const ret = wasm.core_failures(this.__wbg_ptr);
        return ret >>> 0;
    }
    /**
     * The server rejected the token of `generation`; whether it was dropped.
     * @param {number} generation
     * @param {number} now
     * @returns {boolean}
     */
    invalidate(generation, now) {
        const ret = wasm.core_invalidate(this.__wbg_ptr, generation, now);
        return ret !== 0;
    }
    /**
     * Refresh whether or not anyone uses the token, until [`Core::clear`].
     */
    keepFresh() {
        wasm.core_keepFresh(this.__wbg_ptr);
    }
    /**
     * A cache that refreshes at `refresh_at` of the lifetime (default 0.75) ± `jitter` (default
     * 0.01), and stops handing out a token `margin_ms` before expiry (default: min(30 s, 10% of
     * the lifetime)).
     * @param {number | null} [refresh_at]
     * @param {number | null} [jitter]
     * @param {number | null} [margin_ms]
     */
    constructor(refresh_at, jitter, margin_ms) {
        const ret = wasm.core_new(!isLikeNone(refresh_at), isLikeNone(refresh_at) ? 0 : refresh_at, !isLikeNone(jitter), isLikeNone(jitter) ? 0 : jitter, !isLikeNone(margin_ms), isLikeNone(margin_ms) ? 0 : margin_ms);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        this.__wbg_ptr = ret[0];
        CoreFinalization.register(this, this.__wbg_ptr, this);
        return this;
    }
    /**
     * When to call [`Core::wake`]; `undefined`: set no timer.
     * @param {number} now
     * @returns {number | undefined}
     */
    nextWakeup(now) {
        const ret = wasm.core_nextWakeup(this.__wbg_ptr, now);
        return ret[0] === 0 ? undefined : ret[1];
    }
    /**
     * `attempt` failed or was abandoned; whether it was the one in flight.
     * @param {number} attempt
     * @param {number} now
     * @param {number} jitter
     * @returns {boolean}
     */
    onFailure(attempt, now, jitter) {
        const ret = wasm.core_onFailure(this.__wbg_ptr, attempt, now, jitter);
        return ret !== 0;
    }
    /**
     * A token arrived for `attempt`: its generation, `undefined` if the attempt was abandoned, or
     * an error with a `code`.
     * @param {number} attempt
     * @param {string} token
     * @param {number} now
     * @param {number} expires_at
     * @param {number | null | undefined} refresh_after
     * @param {number} jitter
     * @returns {number | undefined}
     */
    onToken(attempt, token, now, expires_at, refresh_after, jitter) {
        const val2 = +attempt;
        const val3 = +now;
        const val4 = +expires_at;
        const val5 = +(isLikeNone(refresh_after) ? 0 : refresh_after);
        const val6 = +jitter;
        const ptr0 = passStringToWasm0(token, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
        const len0 = WASM_VECTOR_LEN;
        const ret = wasm.core_onToken(this.__wbg_ptr, val2, ptr0, len0, val3, val4, !isLikeNone(refresh_after), val5, val6);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return ret[0] === Number.MAX_SAFE_INTEGER ? undefined : ret[0];
    }
    /**
     * When the held token's refresh starts.
     * @returns {number | undefined}
     */
    refreshAt() {
        const ret = wasm.core_refreshAt(this.__wbg_ptr);
        return ret[0] === 0 ? undefined : ret[1];
    }
    /**
     * After a failure, no refresh starts before this time, for a caller at `now`.
     * @param {number} now
     * @returns {number | undefined}
     */
    retryAt(now) {
        const ret = wasm.core_retryAt(this.__wbg_ptr, now);
        return ret[0] === 0 ? undefined : ret[1];
    }
    /**
     * Until when callers may get the held token without asking (`undefined`: no token to hand out).
     * @param {number} now
     * @returns {number | undefined}
     */
    useUntil(now) {
        const ret = wasm.core_useUntil(this.__wbg_ptr, now);
        return ret[0] === 0 ? undefined : ret[1];
    }
    /**
     * The role name for the held token as `{ name, source }`, or an error with a `code`.
     * `order` is "entra-db-auth" (the default) or "postgresql-auth" ([`UsernameOrder`]).
     * @param {string | null | undefined} explicit
     * @param {string | null | undefined} fallback
     * @param {string | null | undefined} pguser
     * @param {boolean} allow_app_id
     * @param {string | null} [order]
     * @returns {any}
     */
    username(explicit, fallback, pguser, allow_app_id, order) {
        const val5 = +allow_app_id;
        let ptr0, len0, ptr1, len1, ptr2, len2, ptr3, len3;
        try {
            ptr0 = isLikeNone(explicit) ? 0 : passStringToWasm0(explicit, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len0 = WASM_VECTOR_LEN;
            ptr1 = isLikeNone(fallback) ? 0 : passStringToWasm0(fallback, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len1 = WASM_VECTOR_LEN;
            ptr2 = isLikeNone(pguser) ? 0 : passStringToWasm0(pguser, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len2 = WASM_VECTOR_LEN;
            ptr3 = isLikeNone(order) ? 0 : passStringToWasm0(order, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
            len3 = WASM_VECTOR_LEN;
        } catch (e) {
            if (ptr3) { wasm.__wbindgen_free(ptr3, len3 * 1, 1); }
            if (ptr2) { wasm.__wbindgen_free(ptr2, len2 * 1, 1); }
            if (ptr1) { wasm.__wbindgen_free(ptr1, len1 * 1, 1); }
            if (ptr0) { wasm.__wbindgen_free(ptr0, len0 * 1, 1); }
            throw e;
        }
        const ret = wasm.core_username(this.__wbg_ptr, ptr0, len0, ptr1, len1, ptr2, len2, val5, ptr3, len3);
        if (ret[2]) {
            throw takeFromExternrefTable0(ret[1]);
        }
        return takeFromExternrefTable0(ret[0]);
    }
    /**
     * The shim's timer fired at `now`; `used`: callers took the token unasked since the last
     * wake-up. Whether to start refresh [`Core::attempt`] in the background.
     * @param {number} now
     * @param {boolean} used
     * @returns {boolean}
     */
    wake(now, used) {
        const ret = wasm.core_wake(this.__wbg_ptr, now, used);
        return ret !== 0;
    }
}
if (Symbol.dispose) Core.prototype[Symbol.dispose] = Core.prototype.free;
exports.Core = Core;

/**
 * The claims of any token as an object (for the CLI), or an error with a `code`.
 * @param {string} token
 * @returns {any}
 */
function decodeClaims(token) {
    const ptr0 = passStringToWasm0(token, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const len0 = WASM_VECTOR_LEN;
    const ret = wasm.decodeClaims(ptr0, len0);
    if (ret[2]) {
        throw takeFromExternrefTable0(ret[1]);
    }
    return takeFromExternrefTable0(ret[0]);
}
exports.decodeClaims = decodeClaims;
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg___wbindgen_throw_4c88d8bf264fd984: function(arg0, arg1) {
            throw new Error(getStringFromWasm0(arg0, arg1));
        },
        __wbg_new_37eb45aaf5eeb820: function() {
            const ret = new Array();
            return ret;
        },
        __wbg_new_787b9fb330d55d78: function(arg0, arg1) {
            const ret = new Error(getStringFromWasm0(arg0, arg1));
            return ret;
        },
        __wbg_new_cd4348290afae586: function() {
            const ret = new Object();
            return ret;
        },
        __wbg_push_c9f4893fc209f768: function(arg0, arg1) {
            const ret = arg0.push(arg1);
            return ret;
        },
        __wbg_set_2793479888329cb6: function() { return handleError(function (arg0, arg1, arg2) {
            const ret = Reflect.set(arg0, arg1, arg2);
            return ret;
        }, arguments); },
        __wbindgen_generic_0000000000000001: function(arg0) {
            // Cast intrinsic for `F64 -> Externref`.
            const ret = arg0;
            return ret;
        },
        __wbindgen_generic_0000000000000002: function(arg0, arg1) {
            // Cast intrinsic for `Ref(String) -> Externref`.
            const ret = getStringFromWasm0(arg0, arg1);
            return ret;
        },
        __wbindgen_init_externref_table: function() {
            const table = wasm.__wbindgen_externrefs;
            table.set(0, undefined);
            table.set(1024, undefined);
            table.set(1025, null);
            table.set(1026, true);
            table.set(1027, false);
        },
    };
    return {
        __proto__: null,
        "./core_bg.js": import0,
    };
}

const CoreFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_core_free(ptr, 1));

function addToExternrefTable0(obj) {
    const idx = wasm.__externref_table_alloc();
    wasm.__wbindgen_externrefs.set(idx, obj);
    return idx;
}

function getStringFromWasm0(ptr, len) {
    ptr = ptr >>> 0;
    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));
}

let cachedUint8ArrayMemory0 = null;
function getUint8ArrayMemory0() {
    if (cachedUint8ArrayMemory0 === null || cachedUint8ArrayMemory0.byteLength === 0) {
        cachedUint8ArrayMemory0 = new Uint8Array(wasm.memory.buffer);
    }
    return cachedUint8ArrayMemory0;
}

function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
    }
}

function isLikeNone(x) {
    return x === undefined || x === null;
}

function passStringToWasm0(arg, malloc, realloc) {
    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }

    let len = arg.length;
    let ptr = malloc(len, 1) >>> 0;

    const mem = getUint8ArrayMemory0();

    let offset = 0;

    for (; offset < len; offset++) {
        const code = arg.charCodeAt(offset);
        if (code > 0x7F) break;
        mem[ptr + offset] = code;
    }
    if (offset !== len) {
        if (offset !== 0) {
            arg = arg.slice(offset);
        }
        ptr = realloc(ptr, len, len = offset + arg.length * 3, 1) >>> 0;
        const view = getUint8ArrayMemory0().subarray(ptr + offset, ptr + len);
        const ret = cachedTextEncoder.encodeInto(arg, view);

        offset += ret.written;
        ptr = realloc(ptr, len, offset, 1) >>> 0;
    }

    WASM_VECTOR_LEN = offset;
    return ptr;
}

function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    return value;
}

let cachedTextDecoder = new TextDecoder('utf-8', { ignoreBOM: true });
cachedTextDecoder.decode();
function decodeText(bytes) {
    return cachedTextDecoder.decode(bytes);
}

const cachedTextEncoder = new TextEncoder();

if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}

let WASM_VECTOR_LEN = 0;

const wasmBytes = require("node:zlib").inflateRawSync(
  Buffer.from(
    "zL0PlB3VeSd4/9V79V69110tNdDoNehW0bZbQYI2lrsl+Q9923RLspCFPcR2st5IQmoM7wlEN21ZToReYxqizOBYtkksAhkLLEdkDLEmSyZKQpZOwkyUWTLRzOHsYTfORjvDnrDneHe159hntBs2Wv2+71a9eq2WcP7MnKBDv6p7q27dv9/9/vy+74rdDz8ghRDyz9Qtu1S7LfBHtnfJttil223/V7Z3mTb/Bvhti11CtQ/tknmO2FVq+xzVPoQ8IfdTWft3CbFLyPYu3T7EJUu8iEfUoUPy0C6BL+xS+/fjmf30Iw/J/Sj30CF6r40fX76/Opx98pHs4hAuguwZ3T50iKoiD1EBlHU4a8Gh7OKRwkX2iPBPiF3Vdv4f1bGCq0OH2ocO6UNt1OMQ/nH1/SOSGoxsdVxXarfcumf/7PTOez5/S/Phxs6dX7zn8zsf+sLD9+3cs/He9Rs2fuDePbeNbLx3bHSDuKbr0VX86IPTX9z5gbHpe9Z/cPfuez84PX3PhttGRO1KT45tGLtn4733fOADI3s/+MG9YxtE/UpP7tm7/gPrN9y2cWT3vbunP7hhdPkyH56e23nb2MYPrB/buGHDhg/ctnHPPaPi2q4n38dP4u/9D+79/PSDO+fum93/xZ3r92zYsHfDPffeNrr+3r0bN6wXouu11YUX7n/w/rmd0wfnpmcfnJ2+d+fc7nv2TYuersdvKjz++ekHp2fv37NzpPu/94vr/rav3Cbq+g/kqzLUOgyECowMhMBSELIihQx6pQjFQLUktC6F1etjXSqJSiBKq0SgdaUxeINSWvepSuXG1YGwIjGiorSWOr1pyAjznve+T2stTUmLUtCnh6trZCBiIcRPCCGUEqWbtVIqiiKxYkWoA6VEoJRURq5cKZRSQiqFXy2EMVr2CinXGiOV0kpKqVBJqUIlRI+pqIfkpz+9XyyEgZair3S9bks3P78oorZwP/gu/x57cVFE5afNjaUHph/YP/slJXp56KjL7p2dnhY7anS9e25u+oGH5sS+iG737Nt9/wMPi38pq/52eves+EPJmXun99y/d1p8oofupg8+dP/s9MNuTvyCrHO5u+/f94XZ6YfFH8leSrj/wQO7992/d/fctLiVX2pNTz80NTv98H3iNRlSyoPTXxQHe/3lwbnP7G5Nf+Eh8bjk5/c/OMWFivfWfMLd+1vTD4qHOH92+l6U5ubEP5U1nzI3+yU3J57wlfrCw9M/+eDc/fvEz3cSZh/c/cC0eLBC91/c3ZoWI7W903v2753+GLd/Xvbu3Ln7nv2zczvv2/3g3n3Ts1pes3Pn/Q8+PLf7wT3TO+emZx+4/8Hdc9N7teovzL3pgw/ufHhu/+y0+I68bufSeb5z9759+/eI5JquN/wjD0t5/eVv7J3mdz7WV3jnAU6bXlFIm/UPtnoLiTTQvybjQtLDc7tn50Spsl8KJ6OffOTe9Dfly/KU/D35O7Lxu/In37/3t+VHy5M/8zMfvXPtR9d+9M61a9euvXPtzo//1Npbbrnl4z/98bW7bl/78VvW3vLx8f9mt/v42o2HH3nkkfCP5b+Wj3xy9X8nvyfv/w3538tHZt6z6d/IF+RJecOi/AP5ojwla7JWfe0/q1flXw+pSlsevkm4uJWGQ0KNq3Er3I/kVjPuzn5vUQwrkRoXW+GiprugZ3CxtZEGTh9IxYFUOj1jxq2w0rUfdnKmmZadnkulO/PSomimSD+LKxSjhlWY6ilfsDtsy1+0ZmZUicBqK0ZVzQqrR1UYWeXCZiKsstLp2VFlrLSqmUorh5VxEik1Hbk3uXo22FGXVppxp6yYS5UTVrVmrbRibua+7uqoYnXE1aqjUB3lqyNs4OshbNBMS1baoJWWuSZoe9OWR5XIKpQqM+7O8XUiC70orXL6wFxKXabcwZlUccUSY1VesUQH9I7V1syOKkFP+gboxETWWDmqQqvxU7PSGv7xdaWuo8/bUlYpqh667A1fFzFZl1bc59ScO/2i7w/q3IMzNmgl2spEaUwFOaziVEwauuqn9yKMVv5sarYl0hrUppFoS4PWSJQViazJKLJqWA0kJatwUUvFZrQcHS+zEUdbAjXu+l2MnP5UNKziCk2acScSUZOYEf1Nq1zctKKRGD1uTVK2EmPYn0grkCuQKxuJoaJkw/pm1UVky06MKhFFtmTQKjWsBvO2o+HCqinKoWoJK+qC+irrMHeY3vkipkdNRYFVtjSs4ikzbkt4Iw74tz+y3EXU+QN4KU4lL5BRFXPxAxE3VE7WBWf0ZxmR1S7eij6yGlNN5PNOYTGJfP6jBtmkVHiybLWfj9qWm5gMnfkoC/NRdM1HSfOxhPkoMR+Nn4/Sms58NH4+Glui+Sg789EkMuK6h9YURhQ/BvORJ2K+OqhevL5TUVeBFe71iz+3zY+zjojMpPhAEuSTtTJZl251UnKC56ZwP7p4sYxeCtx7rXThgc+nonXASRAnOddyH20mpYgoWalrhisMsROJtIG73pacPNBywpbc6s2NucSgCtrPDkzutGyDHWbclmmxW03DkkhbTvVkXUV+EMtoqbvhgDMzNG3jVNny5oYVttxIkCXnsLrrsqaiyIlEW5XQFEI98EnMFTnLU13ailO2NJcKJ6xozc5gwZklC5VewSTT452VmBqq5bYEE6cMAtawxgZbU4NVKfENSmpgtVAtTdui/4dVf5SKOtaGRD9ncwZkFeSuZfX2mTqRXqxjuvDrWGIdq2zUVWEdS7+OJXd7YR1LrFS5ZB0rXseqsI5Vto5Vto7VMutYdq1jhXUseR2rK65j2bWO5Y+3jiV32Ti3M+biByJuqOJ1rLCO1ZJ1LJeuY7lkHRPNCfJtDs/mK1lYzSvZajevdtDndbyqJqN8ESsnraZFbLCItbsgO6tYFVdxtqsov6vQo/m2oiKuetjZilVhR8bA8ZKNIht0CMv2ImXhbVG5XqxnWu0K654oAG2cBt/FVlfYOBUNU9YDAT1Ng0wlOB7FnA+g/ivyAdmGh7kVuO9nkxfcy/f9d1upRHFv4TagH3qkmdKnwRJk1cl3+bzI0BkwIoH73rxpuvn5QzOpdPGBS9zOxYt6xonNzVSOYxTam00b8xq8RtzCYsM1eBHZmmpgsSsnItqqqJeJShruZWHDYWW6trtwWNWSsnsbdQ6xzAxdDyvwVGjND6hx9EPTACVta2Tt7BC70y8tikSocU1bG9KZZKSlJpYw8UCCiRP2nK2o+fbZOk3RWqpBU7WTB2x5MyViD2iOKkNf6fSl622CBkkXtqhXue9NNh7NlEau1cQckkt73TTdMIo8jyLn5+fxAKb4D3H/w5wcEQ3b2qANyJpmootto2dKVl/Wpis0Q/K0MtQXTVp63Aa0wOQTodRJ1CCnzVS0knwOWWIeaV6JvNFBp9Eym7vZSs+WCr94Ln/xTX7xzeVf5HXie8VqDJ5yesaB0oHQU8/HA0Q8ElA03UzxFNY0sg/PZLM7n+dNG+ATQU5Vgm6qIh3RpANzqZqhbRZUxTPR2E46VCXwVEVaNctFdqhKkOiIyUlogwKDj5+AqYrhlaYjP5i0//ppqrbzYBo0qGTVNqLHwyqkJRJxx/thSwWNUWHqDbfSCuYMTzoiI+AcpKezlWUmHZg6Z1t+wIVnN7c1Uu0aeBZVXKNEUgVxb7pFvh0jWopv2OqYEu61lzKG5xVcgebRmzSC9BJvTdoNNtFgKxyexr7jTDMV27DPKaun6qgxBtKPIHZ21UpFzuYxbfRjqKy4fAxFZ2cQNIYi5+9EZwxFPoa8M4jCGApm8BTTLC8VSf7BwEZBZ4lOTmKqbp8BHfvh93yLI3cBXXxx9ei79s0bLy1y/WgYcXPW35wt5ryFmzf9zZvFx36Am3P+5lzxsR/i5m1/83bxsXdwc97fnC8+tvAbi8Jd8DcXio89iZz53+Cb+eJjT+HmiM85UnzsaDHnWdwc9TfHijcncHPM3xwv3ryIm+P+5oXizcu4ecHfnCrevIKbU/7mdPHmNdyc9jeLxZvXcbPob84Ub97AzRl/833cnPU3Z4s5b+HmTX/zZvGxH+DmnL85V3zsh7h529+8XXzsHdyc9zfni48tYF5d8DcXio89SYv6e358io89hZsjPudI8bFncXPU3xwtPnYCN8f8zbHiYy/i5ri/OV587GXcvOBvXig+9gpuTvmbU8XHXsPNaX9zuvjY67hZ9DeLxccup4G0/Z4pvtAhiGYJQVQFgrjcLgx5pbCjpXJH3Rcn/+5sFZiquDkkrIh+IdXVtjmsD90k3HnVSvUQiO78vNlGBGt+3oDXzjhRJzaJ0IoJNaahonEDzTRwt4A4xR/E7v4h+WFW3Gy4xC6LUbXeandGQekTuOF3qgIkt9ZMgpuEOytaqRwSLIio+Brm70teywHNggubzrgw/jRJOUnIYo8B8TJgglgOlqNqiBUw1kobjqpBK90whHHlPylB5RWr18wQyD22PFuOr7EGfEpoxnFRSyqsFinhR0xlWoowrVLC5jq6tOokVerzLHyCP9FzzbRqK6hVFRXgTUw2R1VI6hfDfR2g/kO8Ecs1anAMWq6AWdFgYn4eGusxSObSnRV4QZOCwjFD5SV6JwsDoCBsnFZN9/vfWKTHY2Lu4u9K3JzGMM7PH9xMLIoeVotqVB3HDqbXqNNqTB9TGMJjqun+8Jcxn+LvMm9zzL8I3oa/ZIVTm0RIvI/Va/QxNaZ9ocdVGoyqLTzOSQlJdyRGjduA+i9w5VYqHc3W7Y2kYo3TTXdoxppWUgVHDhVB5x/L/tY01wmRlhfT0IktZpw656hN6tljtrxOPPXr4061erSSog5tBgklwY56mRbSWiES2XncnZetnkDCrqDQwV9tf7zeW6PL86LpLsoZN7K1Lms9WBm9nKC2WenGPzFbp+KVLz7Minevtj9er0yIpG4D6BSbqdxer+W545+oV/GBTsWCTsVs2Z2TrbRsuHL1KdL9fKv9cTNe6w1qKqIVuprrUdtKYs34JwIbusMz7sHNXK+oXofw7HbNuOPtzfValNdFUV2iQk3vrMtatVgZ1dWMKjpCNhOFKVW1quW8ehRppPqzla0GTD7GJpXONEnOH1Zi1s0/+uWFg2A4bIWVSsQlkiwT7KgL/xI+JbbUJddB2WBzXUQ1/xi6vhJRA2ol/gn4x/CPjngOLOJG+ZtzuJGFnMiWrHrJ1hfGaF1KVjAgFayuLYFIIIP0F5ipZ6AWwSoaVmehVtLD6nUF9Q0eWVSs3n1FMUk77dOt1fTJeTmmBrAIQAXVqDqj/GqEOuvINxZFbNEpKj4taeEgL57ghUgqokurx46qs35FDozpMxgVResVqyl7cY0aTOp4eiAhRcMmgQf9GgWHyiQ2XpBc4bustvUxdbdVtn4yVbY+YY+cTAM3/8uLIt5i9TpxRqXSVZmu6GHxuhoVNb78EzUqKljiZ1VSR9LN+k21UQ9YYetjGhtBgQBZDUoVn0atxlvxv5LQHtIbSV9eBtWONKWP/Vf8/gpfRm/h+0/81/i+GldtX4eVvpzYard6VL2J+fGnT4MheAOXmsfe/VtKel05kxirnaHhRX2R4XT8obRk2lCRiVQmkadosscESoKYYfol5ZuEs7S72RIkGChnkirvc6QiDF0t/jRvdyAtFy9CdwItjo22NaDWhbqZ9kA9DsWeNaQktNVm/CkS1dIa8gexjmrWrFH9kLlKTragkMSezqaGMjbA0JZ5OyzbiNRNzvr9zCa07gbR0mE1AKHTuFr8lKSmDzSp9vGnrPGLAxptWhtKOJlIJ5OINNTo2TcvbWEDVvgu7YegRayK71BsluZqYxUETkRRQksTC6jECygaVXth9hlVu3g5fQ5UxQbuF36ZhmND9wTC2hVn1Zho8+WfqDF9kKvHE2iNaI+JmKt8cExUeCYNXDaTvi+a8W/J5ac0euMNlcpR8ZhkavG6SnvGxM9ZbXvG9H1c0YcKc/3Jq1f2W7JT22Oyu7rfknl9j8mrVPht0Yyfkz92zb/dVfNnJFf9iKdZR2Wh8l9F5YMrVv7VQuVPL6n8q53Kn75a5Y9IX/m/ZSv+qKsVv+db8YJvxaliK566+hD8ZaEVby5pxV92WvHm1VrxQtaKv2tz/lNXc/7cN+eMb87ZYnO+ieasuGJzLhaac2FJcy52mnPhas05k7Xi792ux1SxXX/t2/W2b9f5Yrt+He2KrrxSVGGlqCUrRXVWirraSsla8Q/XwG93NfAZ5VeTZ1mOqkIDX36X1VRo4OklDXy108DTV2vgEZW14h++pX/U1dLf8y19wbf0VLGlv4OWVootncpkHy7rpmJRDRKqxDEotXvGxFFJDVWfG1MjxAuovRBjyUgjmk7PpnKNEGPiw3htWISj4g7KPCYLmVvyzLso87TPpKTPIZMeu5sy3yxm3pdn7uJvFjPn8sx9/E1VyJyXee5B/mgx98lO7gIuV27Uw1bYeExbK+wKZm16mbXp26hDHmLCX/gJsrozPwa6p8fqfHYMXI1IZZPj7zNLosunCZkWMNT/g9pEFlx9q/gT9SFUhHlj5gF0V2XoVTIN1li58BFcn1fNIRFdqOmorQ4rqEIWJatCJDh2N96yMv4CvjXO8sI64dIgNS6dYmZdNK2Me3jabMnE7jbf3+WV7mvUljFlnApcEHlDgnHrNlOBxv05mXON+2tBYrczDvIiZversumeJXEChpeagZFtpEWiYXVrXVo98bjXHYB/cae/Ae5nHukLPn2f1e5lSr7vUqqBaKDdKUq4y2livfSourOgZgHzCOkO7BoGx5nZpOJEEjjZEdlZWHdmqh7YgHuhmZZcTKbimgum6tCD1Ei/Xb4kE4V0VbcVW3L9Ta+2x80gMtjuWRtV2EzdhqaNoE2J/wm6cENagn23jOsPbzdtW7clW44/FzgZTda1F1RtAFY48NPpMWZIhQvY7qBYS+GzIJknBj80f1+QpOXA5Sk5piHkl23Y5DrhzYjbF39bYgCIPdySJ/mPgHApd1GQOSdPke7PRfyZyWKaaqMrWZo8Ib04iYF6FmiQvxDxZzCr1qjjMumBRDCqtgTKi+MhLwkSUt8UzaTSGaBSPiiUlEITEsbEcL8gU4MB0QyaIR5d2VJmOsHHnpVp75jewuTyhBcjzaj6rDVObU7NpO0lIZLm9kxGV09IqH9OybwM5oYC23NyyoznOjevcbNl2P8l8fzvY2mk7B6lEuvK68movi/C9lXbB6Ol8tU1VuXVDUi7xl+lxgWj6Duqw4uogzouA9oo1HHMJk8OnkWpHZ0YjR5Ii4HuIn5MBlaBOvAjSYCxWxt/xlsxyyQfxb8iSUOHQZok2Ruj498wzmQfmKprWIKy6ZenYtSflfhsLYiySfWYtEFinCbbNHa3kKE7xltJa2zxX0dqIlqlrF2MrICw6UaaGXkawbxYJ96PNT0hmDF1wxDkeEqU4p9Ajw171ZNxI1NWzdiykx+fqRO1WkvkwFKJTOmsoZ/E3bIZGJTC91lkk9aXOgBb+511RRIexqvVTAzDMArFxVxcn7Oz7n8TnSLTUl5oSI9DO4gnw4zkVtKyWzcF+mPL7uZWjxZSkGWs5FSTbZnUaMxh6buWKia4WsaRPL/lDkCcxfhXx+On5TsqlQQVaPi63qxfkGkfPyKEuMeM2z6sgAdSGU89D9xfK556PokjG//+xMXsP/EYq4Tm5y9cFD9N5u34V2xMg9bYqEPH0CMi/FHgZwV6ZlFiyv/Pdd3XVofl/puEO6czvThUaSDMH7aKdBdgRyhh6NLPY5RgOaEGlT0lhFZRTUZAz5QVN+vhjXoLrtZoO0a6OHGzHtioRzgtHtPDnBaCFaA0QdzAsFoPSAOIb4ilmOh8Nccy6Y+TtGT73ytZEV+zBjqACj8SDLHWT0+B7EEjyfpCxVtA/C3SZVeGlXgPrfNmWqXrWKyyCuUoW42fYfodsPLc69AlPnaWMHOj6nXpnnxsUZAxHBej6oy0UObLNep1mayAcvSsbMbPAONFlPj7sIinylUg3CviFyHfKwzH3VYRqwzCp1wE+q5IOBhVd1jlVvA4fLM4DiNWkZQ3qtZyGRiYrxYHZuBSe578ZdZP5CP1C10jBTUim4GOYv7vpcsFXH6WLi+IJvZmXP4AlzSE7hwu19PlG7ikQcSMh/0Dlx9ujqoYSygfNbbqH80Uh2BPhtUuTw/r0K3QcB/MU3C3r+tuQebk05lEYfskwk6ViI9KFwDvRNgPgFtBMJ1G2YGD6em3WaH1uQZh3p6S0B7RN4/JDEPibuPdU7aAPSZVsbvNPY4Xb4tHJz2ET9O3nYoSlZtXFCvt54BjW/watfWFr43H35KkoDoDzBcRFliVzgpvGHpZNW3g3qbb+CWZhFaA80yrpDzm6fYy5ldtVJ3C71dpnr2o2fD0grZyQo7p4yA4K0gqIQzwCcX5xxXnn5FsmnoNM/dFjVqcUNi75bB6WSWkST+L/pcw2yQGv2/IJJiQyQrNCr8VE/qTZCW4NP1O64BSVJ5yRgfqsF0xIT+VpbyhmWUY2JdoxZr7YHOu0weFRJ80WX2IP7Qzz/gezsqA2YYXHAjrGexTZA8gNMJZmReTahe21mgBvasLmzdrEZeJRmiiEdQp3+dO4lJXjOkzmtPP6gn/TZCEEAm4xGZPzxCXhA59QzfjZ+WEiJIV6KAzOtsOz+pRtYiX5Bp9Rqcrx/RpbVeeTHRNBVzB+KtogkITiCes7bPVJjqGZ501mxkn6PqJQJE2qtYknKts8viItDxZQJD6gWDL48vKGo+tBO/s4bgvg0cjygcVMOH/iK+MiABSheNR9YrvhtNEoc5wG1WyIrKabaGLOqnh9xUN20fWoONokOYGUYV6APmQSR/PvBOapmqiXS2p21JSQ+GnqXDbQ4u9Z0LjIxIsN7VD2zpVjPr8DQCYrHSvAfaEWoGbRAFpFG+1Ov5VacvxM9JGGZ3Oa9XnZLzHSndOY1WG0dmSDNoQaFopuL80ZKQsWVFt6PRMGjSawAoeOQGj+olFEf9z5rHeB3simxGNLW2vC3cGj1zIHologsMwxawCwZjr0kHfHsEaj9+thLZ1YQvsMUoj+FzCmE+zne5lKzWud3udmH7g1OSsYyiVtCUYzIy3ngc2yFGPeD3u7wDRgimS3wpwO7m9bpYvMeCPevO8N+d3LPnM8uVItYD5PtMBp5ltdcNFBIT0vFK9M7gZmgxIHWM/TY5nCsDV0qvZi4Zf7IA7SegDAomxcrKDlSMvDfRHGjo1U6cOsTS6oa9hYMN4IKsnQXEzCWDGmit+MSg8dXmDdLFBpjgaQdwfwZ5YIr+K3sCWJmElU1tnqQpufj7chjrumJ2lB2Bk1XEFLgBY7ofcQfosAfsaBOmDnVJZva1BsGPw5gobRQTPDKKuVsfXemh1b0Rcp6THNYPBrObHqVjNcHae9xrzXi4/7ych2+6YvXy6WxH3RlZFv4gV5REUinY+0k/8t1Zl+gm1TjiXbvYIDpJ92IODOI54TN2Rm9pzwT81SYBtAqI3pAm1Tmwg2Xqd2Jhql06R4Dk1C2PW9lnyRiE5DLIX4xwUCSLeMIwxCuLbIL6NpMFkXVnlXhNN3K9PTXxE4upOQPGtmZxkExdjKYfVlqYNrOG+w1OB1RHsziVihEie4dYOU7nrxJoUdSOABosulGsn68pJLPXOP6QnqXb/p2j1hCIMQx0qaSJXTTQEe0UCTXw9uczQdkhgkMFUu/mDM27+FFCjDEr0H4kn62X89lEFysTjZnmhz6u4H3FeVjTvtGUCkKSGiz6t8QiEr+pc082fvrgKVGn+lH7Yzc+/Jlpu/ugr7a31ckC3ZHdemtnAC/OviSkU5Obl1rpxKglwHW+tm8hpZ3Azb7Y2kJxoGOAq2CcjV090TWbmRe3+owBgolQqCRW5Gj8S0iMWk4FE31sBob01S0T78TchNQjGOojJvIMRpXFsxmtsAOqra6yDSzczan9Y3enBjWvUHWM8Vzszl0uDZB4UUvERwslE3yxJ0yaXubAFnyZnWvmC85oSOeMN/U7NYM74HV3T3m4hcWXU1jMC8QCtF9AXPQMe1lM9j9lSHUiozAFc7O/Q64FBKb7FXkSXPUloYjzMPNpb+adzmq9ydHKH4orOBiCYJl5WXi/BVsmrjdDI7LO09Kn8K3Kz9zbxL3ssW45YE53tbMkX8/6a8n4GLi+Y4RUEYvOw+B111QGnYVFmYDbt1uzoQOSlHudhMVZsZ97HWAP4b11FrJyUNRGJyONZgeOlIg30afQ2uDWZoc9F5C6uBk12F1dvbwTu4uqIR0+jQgSya2faFUB4i+6WKkfu6suRu2o55K6yehnkLvl0yNzboMacc837a/USpxiv4vZc8P4xspXmjjN/j4ZG0Xmtym15mD2UQlbekWvKNQfgd9Yg/gqJZmZyMqm4m5m0mIZbBye+KtbUrbKWSlvaTsxlwLhwye4LwlZtJZ4lDY7ij9T6DPDoXGrIXqliDUAHJ5Fy8Usz7tT8/Dz29LBTXpnLC315ygmIQLbUIg8ParChSwuXWPhzwVuz7EbglxH3SQibNUM6OtQj5HrQMo/GVEibM4ojnAM4Go8MswGcxgDjZ2WSimyJcAy25P4GviXyQEI+LdDwzEA4BHdPtSWcfF4r+tnqu8hXT9gQG39WPR1F3GBbzruNJg0eoupKanYJrErebOk/kapt5FagtpMe6/IPCHA+QfR/V2W1rbz/BSkyF+UMUT7WavobcavsgQqQfHqpV5RF5cqJBvzDBqmB8l5Zs1aIS/NGbDFtZxwUr/u3NbAmjSPJedeOBjc4Ak/b8sS2leq6IO86FbHqpWx1KzFM7di3cpKgYHoGHIAzhJ53tZmkrIkhJ08lj05r0gcKN6p4o/ObBMpXA+a6DGyZJQ9B75Ghx23gn4PfiiHOhVTwvrLY+trEEEkGKKYB2NYKw/orrbTq1AFCikqWo7378aHtBIsjObCZ6rxiulhlXayyLlZZW4MqG/b9Q9VKGICsqhpPQC+alKCjbaZlPKjahMhJyrYKNtKYtq26dy5evFieseVmmr2d0shM1eUqFCipwIBkD6eyVOVTCQqDz8EdsJwENpysQzlpIaItyh2NtIKxqsI3ci4tu/PlGWJy4ViX1JwAIfFzR5MbEDzRywdsyZUOzLpHv7wQzjQzYfhKmeHVMmtXzExKtkYq5hS7NM26UmRDW2klQNqW0U8A/YUH3MVH3ynP2BL/Nt2j82afiw9gOlSxgqxRbVtx75AaibqK9yj+pu58M9GAAcPAp1kAWuYZiM9V39H0VLjsU2BtI2hPULtBSKyXVY5VDrRiVvGSKXWWzKEZmtwSA687M/zHnX+gogayPcExSXSKqDAaTN21ZFAkT8dWWqIJayLSmdMeoa3ZTt4yppWUPZnVnsxGHTLLmLVyTl6JdyyDRETdVLZ0GZXVV6Kypa5NwFNZyZYu3giIsoIGXZWy6mULFVHmxMaFonbZRgeSu1DSqi0PqcMMwVMcv+Hyf1asE9jbeypShOVSYLSqQMtx4tlF4W6Jf10mulYhD1AHbzhwvWX2ZiVvV+m+/9VF9oeK/wWeDTvPkiOQq/m3CAJPP/5lqPUVZaOYv36iq5hy5NX/uVXk26m5g60af3m7Nb92PDW/nwYT64+cdBd7wQP9ZrjdHLLBRDszeczP55cHrXAXy62Xfp5+tzbSEhj+ifbjj93VeOzVwJronRJZJqCCL7Tt336lq1IldMzCtxaF+0vBPUPGuIV/Dr8IySkGI62JYXRP/uqicCPEMPoh11YpvxEaFsbzXq12ffn80c6X6yUMkqzDEOiq7j8Iuk1Fg7h798fPLAr3o18BX9zgokpdRZ16vLuouozcK79KSrib4RX2V3x9Q+Q9yZYr4+wvdnWE/jsO8l8tdBVDQPf/gIm2iTtPLi037Ey5wa6Z113uN7vmYETiNpCd0Vtahm3Vzu0/JHMRAkKx16fkgQlAyQDuN0TOkAo+swtQQNudWXTiE8Q/lqyxVR5TUt2R6gXi7RT7ggN6b6y6VchU8YMlQpyzptq4RXowYGffgCW4YOL4/Px8aQxQVafn4N1InusBiW59Eh/DhgvcApXj6PkE5UmS6oaFTND+AHEOnCDPBoUWl24VIgnJJom9KLSliJzAyQNQIbNCEH02XYR5armQGiM15IrdKk0SRlCIOIvyK3lyYCvRh2QP1GwfkjUbALoaLmlo1jrDrTO+dSXfOsiqNBp1skc7/HWS1hZUA1B3E2fAVrjonxrJq8qSEUHw3rdUuM6cnElCgXAtisK1uLJwLS8TrjsOuKpjCV9eul7GVxfuvm8VBeolfsLySn7CuYBMKo1lxNveaBlJveNHLN/dj7hbUhc+us7Sp4oVKXRSLyncM8dhGa/q7Y5GIDuSq+zyGy4G30nkEslVFiRXWYhGIJdEI5Bka/9OIFf69V4h46JcJ97jg9R4+FCc1li1GG/nUBGuv5n24cGBNGzCxreCKQD0xsHWZGVOBIytsYq7ClqwYp0QQL4DeQ5VcnkbrYOwmfRkLkS2BEcsYtzJXwrojxI8xrUNtiH8RkB8A8QLtKsEB6Opusm8UYh1xDQPOcwItgDcECtDzAnYtX0IyOPmv7wQkuBWaqb1YSUeTvtbtn82S68zl/twWm/Z+uyMd4/hn81kYiBPZb2DvqhJmgCPlChfPy56nRAMUpHgJIPN3i7Hlk8QnHJkezAixvaQOy+MZ7VEkQ0NhEdz1xQsf1yqjUi0y1x7IjLpqcjJiFzFndxMSxgUFN+mwEbGhkCaGRvCYGtsvK0u7cpJdohr2j4bxp/zMq5AvAZ34euLIh4U3rxU85axwcTbywatxsj2oq2tROFFrJBN4j2YHEPgrWke2ZQ2+MFUTiFQDVJ4yx9kl2gqQ1uYkQkMqHjx9FJ3MMn6CwXzk3R/evHnEEELkU22N1LRAh+JHY0NRZICahkrmq7WjCuk71cYf8kOmq0sXhTmH0siB2dQ+yYFiSFndTxITpctfILibrVS1SKW2Qfo4pgjM1azWYOji6Tew1x2TExk+1Ad24da8hD8LfsDRuhJdug3noYwwERSgBqKaOF0HlmIIVbbfKywjhGGI0CkNOhQOhfiHXlqXLB4RT7cB8ZMR88HckVn1y9SgXViiH4xrENYTFCLX8eSELo3oKgQdR2x9mGdeA+EVRV1UYkKur6nyXTCpL3sAkpEAfSFLeZhEtsK04/2Za6E1a1W2XjbbN2TEbA71VaqUyhydEY0QCuImmpy8HflmbTcSiiO01bwkkkZM9u0koh9XkIsRHyNllfUpOUVNpM6FhbWSM3WsYL9qq158oFwQQbBibZl88sw2WCalIYubHVoR5YVskL74TRs2XAJRZmqS44aso3AlrJFEjxNXwrQ0amP7tTHUWwPGUEPwmsmoDgAfuptrsORFYItxr9nB3v22Z5WSpyW3koUgExAKyeBaLO9oAGV+HOT9XLkwQExxYdg9u+p73pqYMhsccLfOixS497u0Ioqv8cGcQphZPnaWtPi0EVMJCgDhMG0IihRbG/TkwBdCOniuZYfKslglxrtf6To9apT3r0p9tzZTnQipw98kYPQ5eEWKM5CL62pAQ6xloc5kYWQDHn0JUFBifL4ZxxWRrFdoxhfiaIvBVaC/UQUtU6MtWIUNdWJohZk0Ze08XE6lkZRE1kUNXYCvzz6ksiiL/XCoEJ+wz6MCQVfot/+iBQOEcspAxyvStK08kHUFAVfEj4ineA+6uceG4ii6Le0rLRzmTiD+Pk5GRcNhSWr49vY1zomrST1RejD6VmF7Q1iCCNyB8lIlwI9lpSw25mkCsUT9C2baarSnkne4Zp4W7eJ0dI/ktuscTtn3B8LTvh/5LZZWj94tS5tmNkKbdijjJARwXTLXAgAh1pqqCtARxADkAq5eSolhYmxIQi+zgAJwFhANaPJiGrNOiHin/PGv82THTU2VJCJZl9y6cyc96TDp4n7Jm2FpiID0jRfvCi2EeY5bBZKDbFu9ZJCUR67s9dA3ks7OopoWiw+/lHAsh9EueiPsVhU24oJMQZvOloy4YFUm7ZbzV6n4Q4S3dx7re4K+jbrPvow+9T52TAIv3E/NxMNi8pcarKJSB7D2k9SnmQqW0kIdULP2fzxWeaZJesXNUdc2+zZyuvxfQokJ3wgOVIbcUQ4TYq8OBXc5wgFx0gcH7YtI9IBrckrVQdrRftdNV/zHHHNKqzJAevDsDEhiJ5XSh82fgWUhoTrh15qjRapnrj958FzPm7VI6maeLv80+xanZqJo/9OzAPITrh5WO5MC0BapB9+5GRa5pBXb4kH09DJuVvF6yfHPyTIPb9FGJC3xD7WcRVzA2da0JhNXHzxP5pPE9upJiqfxkIrFklhJlQr9R+3ZSuWL0+8RGGN7pq06i4axQC7dPaaOunk3DrxpyfHNxFUApjcn8pa5Ppt0IpjxPjBZPuXSsp2x3UV8bMIkONjGSrmPQEtfYm9vKsL8DAxhDosJMXunz2xyCBRq+MH6LO+KPm3Luq1JUUhns4/RFFBp2Hyxy/iyOOFIiIRPa5k2TNceki4KovhIjUU6PDt8g6aSzDaHP13NKbYgEvkmGFa0AogfV/rilOpdNWpBAaYHC0wlbbRVBKuwtyMAgtM3yI2Oy9++VkUWTNpxSwjEgtvdk8eJ7P6O4QliGPS9A+J6P9QUrffTeMql9O4UigLAVUr/KIAgI75KmTcvSQAtKiF7/ZA+d0eKOFjZXwswFUJV4Yhgqkx4y50A07EvywZLkTkPL4RJBH+VDrmqxhl0lUItyy8FL/KaCDP67hgkyAVwzohNwnJ/tFXqxecXuAWxTCLqz2aKfiieSVLbSZ9BoKqU4QlkYwlwW/MP5J0vqSyMC2WNIwtxTdz0DDFQgmMjoqfZo5ikyAkhHS3z7j59ixtdKUDtIHN+1CswSbBc2FRzvqqS1c7ACY+e0uzIXZb9jy2Xb1JwI5Z9s9wIdKtOOAeQjEBP6n4SUlPnqMPRNTDHGovdCI6hh64SbjxpsdSS/c3hFIQ7q/JF0Sy4cH9fwIuI2yhD4i5ggHKreeAriPw4MFyhsOOzuUUEU+Ql3xasSLugZrOpqXckwR0YY0aGiPaUeJB38T+J0QZEDsuwktxWoKXj+BtMmTljfZuM1SIgd8fAedqAI1TcXAFqMCY3EeRXjouL7BNwtOOuFa0K2NJAsocbyGqTfRcSfXm4asrQ8Kd/y7t2GYcKJDvepSFm38xC3n7znc9nAG89w/9jbSGEs7ud+TQCEU/BPV3emUqXXuKSlt4MY+r6FUUm5EeUAaHOuNqlCgQQthMqtnXEsRXkJxbHhLZd61qWbHVFBTXJPZGlry4YE9OwpzMOJnUnMGw2eilCfVE2jthj9xFPEjvyVSwDXYbodD6mxRZVuftq1MQF8PYmQucCF6j7tRcol0YOJAGH2oU6DPEhiXVB1/0420r4jqkj4DJhYi/SKwfs481Cons04RnKeFSBPISErFwkH9lIhBJBlVhSBfrk2AxtyEDhGwItU3GE3rQK+ydAYX+o0ZRaAdqCSs+yY2LtBe1pIceJIVSmcPy9XhtR0csI9wDQuGQvoreBuNYZaa0mqmv6VEY8hJBKr9Uegc2wXpJmHbpGei9vC8ZzRXf8YnMZwDv5TvMuAiyESAGlQEGFOiMWgPxwQtZgiDCl0RVzN78JYOXePx4gvsZ70vxs9RroKxpRv+7zMgn7JpXJZ+pbqRl4OaIUOIVAlUsTyc100lToJOejJmldBL2A/+WKdJJzXTSMBEMrkInPSk1nBd00cmSLXs6+dtS6rbf40jGo6Cs6GGKi2asAqREUVwnSlcUMxKa2NtnWGDTi6ly41v8e/pd8g0FQfP5tOOXZ1xpbhbgjt6ZKLtczZdApMjAh4HN9IVEOBaVCtrkgTXe9A5YAiRSZphZe0kQOrIA948RKzP70XqCXdkm6riW1Gprm6mJV2SMvwBFcWNMs0/R20g4vrCYBep2tzcZHiZy1m+RuUFw2nR/llnBV3+eZmfcdMe+tijiB0TA7g/DKdnp4P6gLHZyBFCzKlZJKU5SZUvkgcGwM+AkgvhfodJfXlgUzhDkn4Kio+u8+8zXSbFw7OvjlIsNAyFeoFSPt1oD8L8G+D/AH8n7gIqit6VSvBGM5DK/6IQSI02/ZmFpbQeKDJ+poaY79m0OYUayHV2ZeOUqtgatTUkFpAAPHUoN+sbrBqQ1HDKNqaDkaGoSEUJNZ+S8RIeQ0WZMh67mTPxNSeoMgiHHXBTxWDQ8x76zKDpTg4DNQyIgt1XivV5XWUuBwSb/VqvgPG+YehmrN+qY+f0txNX/GUMo7+A0L+N8mLLiJhzKKGE9/4zwz1ovD/BGLeBeRj+WfwYpGybcAe5ynmv9DPEZIG3QSDxGKhp2Pw4Byf1ZL8ESApC0YojO1oh/X3I/Eqkk3XJ8sxasYbW40qzAHkR1CNXXn5bATZRO4ksXJAe4e0dOzaRB5oV0wWMD421gIWwz/gZglSPs0cdR7oLoe1qFOQNRJuYqYN0AZPcQtgagVBLwKDSl5BwB88OtjVQ5mBuARH803NqAJDrVSKG1QlijWkf4lknd79zBS7b20uG0J9+6e06mPuAdWNa6IG8aOKUnoa8JgVKrQKyV2HoR2Oo+emigmfnLgyUKeX8rDatBjtg0ALUJ2aKMVXE9CRDuHfsV3T/Jgc+TAD/9UUAcSyEn5JxaxOYrW4GiBnt4HdrnwFbs0j2cog1XvBajYutUG97Dy/keXiZOnC0zggmDyXZv2pPJYSGMkiqR9ogXQrWzHUdfUTLXtHs6FwwJ9zL2yJc9i8bevPi8+IRpO+mOv7gIElOXq+gSilzhnsXVsy8Wd09FKiSo1nq0RLg+90JeJDYNwQk+wqJwL77ouU22MRDV6e8TZO3eJG5A728Sg6zoHoB5hVZ5nL1H3Ig7xTf8Jn8g+6yTLQotiiSxSQgAkG3A3xnow/3ztOUJL85Ii6egKu7s0gK7NOxD81lAemyi0PbyLk1P1w4kvIvRS4pF6G3Z41BYKezAMt/IuQxR2KQlb9L0pKQns036uMTudihXHGRe3MCSYXGHPm5AmLuSh+TeDucFDjaRll11R13Y8A5x/M3HP7P+wMf2sNXD+0oPjT9vy6ePp+FGTXEtIf4QppFFKK+Z5JgMNJHZx11kEv2PJAtYWf34tBkCZQsn2O8eCMKEA4YnwA+X4IXqwgxxUAZlQC8E2xpwKXLh9kYapKw0LfMJFzLgiJCmDYkHRDBGZEbizmX8TUkRLrCccNgBKo2DboAj4XUCcKEL2Thu2EafhSJl+xxp0ofhxu6jBZAMGBK7EXgsAIWO5lZHWojoq9LDKlwFsfuvY7C1dN+anzdWQb9aJ1205ElWJ17hADkeYZbImXXi9e+MM3JZuREOIDJ/TkxlSXaq60mnGNrMmdeSE4abXzeVsIVlhir1Pylt2vIwzZnxJo2JxiYXZ4feUPDrDWTRuZ02t/WcNMI/ayknpt1L8+6leffSvHtpgnVevntxJDjsKXbp7mV+vN3LFHavy/asMvas8slUrtF2QpIH7c16OA2tmsZsfo6n851/Mb5nhibwGj0yoT/FCsBhdV5utgF7P7mRZnyCVjFC6pCfr2WfzBFMzeiyHU8zp1SKvqKV4Q2v07GwnWgrN+rwx+vY/qt3bNjpWHYR63Ss4I5VvmNV1rEU6lZAS98gcRLadN+x6FV0J59bMpyhdAbZ71wVujUR2RE+N+ujaq8/XWejPsobFALDipv1OWnlNDjOF1VKSnF0MTLellbunUlLDUZZkd9fPIedN2CYER46prLyn9tLGG+BVXpB8lifUB628I5kCoMEwqkqPxyqazhM9O+x/Hgbw2D4gzQIZxD6Q57IGVmwHk7kurmQuHR/Agv7wjABy+I3cI0g8IXOxu/zfna82XLMVxCBgKcWxxbJNGQumAP9o9hKzO96NR1dhRyjRrOazrKrPAfPIH3dPonAICS8qnEvPeptJDFl6N87SabbHNV9ABRlDT/g49duQb7x+YBp8LEGPLEzAg7CFz0hpTyMUCTga1+y8qXDaZBzV8FJckoDd6XBXVkzySAwEnrAIxonfEwdq6ANzY94yU7oQH7gDzPyWs+ajlj3LIgDkuTv8hWMo5VMLRpc/mvznpP3sC3m5RTvCBxq4M/4MBD3l5c96nuVxrKVsumO7Jf+QJilFbU86rAciyiaY9tGHgBH+JPCgDBZw+2I+WO1vD+8RHp1BesmMVA4PoM0ef1Z8JwvSN0GunnS6snZtEQLnMyVJN95j4ckj5hEIRik93J3Fqc7uT/w1tFV4Kdn6RIZpivDUAajD0rRoz9uz79Lh5Om8O/W21+RwrshmfhDEO0yG8CwEj1aCSJjwMuiz/8wixBanFMcL9TXtMZBuOD8TgFJhasSh8W/HTdEE/XSPFyaih30a7k8bN9NHh7syMP9RKyvKg8Ppl6aJcprPC0oysPLiLBEF6ZpnFwwBx+uZmI8hEWSaXSglZ2Lwmf8BG6wxbReA9oBH1xnW6Q+sq3MSs2H/thWlJJmAnsG8zMdgipNxllaFd/H7JCiLSwlPXUtNV4A9yAjz031d2I10f2gHysOPhvw5cAYjdyjmVdot4uoJ4f3SFNgLSm0A3YiZfxBJwG5gGdnagT7EMcc2mPPapIuPGfyakxNh1UYPy+jjJHDgBf/3832Kb8ZCM9t+wP9WHn7BairiM2WYLMrAA9ctw2HSc25b5BT3mx2qFVYBOzxrhE9LqWE2LEQEh07u/+98gqq90xtLq3Yhiw6CCgVmWJ0GY1opq3PFPf2CrrOKIp+BlNKudo+Rgq0EulC9K7OnbxqLc5q+kDBNKnJ4cYrhHllsGqcQr8DXSEgvoXR3pyKLp1KcNAQPCIMgqON2NMHR1viTKoansJQjKeOuBG4t56jmDLgb6IDSrbVoVyQSXR+6S/O3w5kwRfQgw/7yA0zDaafB0BsPGxTP5/q5/nchUI2zKSdctS3CVIotjSiaUGAAI7jAgY3XpABcYuIi4kYPgiBSGF9+OKN7OJcdvGD7OJCdrEg/cVRuoiiWU8YKZT0EsKIc3ZpOlD8p9iKCYp+x/Sst0AxfzePqayXoZgdCogwMWH0pFQy1+gYT/neQ2OGH83Rnkwi3dEXF9EFSUBXE8TNGIp8ZcFDfJSPVjzp5NQohYDWFF6IAKKOVVLSic2bhAzyvZDmDsyb2Z6I5fgvqEaHmBmd92LBC8Qqate2ugGS+oKyKo/8FR+T+aCdcBRVBBH7NhOo2MU7GnOnc5eZ53OhIX5aPk8RykQuN0hmbFOzh5YDmD0vZIhztz8fPy09cu1S3vGN+oii+n4aqyrzZKfjpbQPHQEPsFQtGzqCjjpz72tavbVhxpeEj6DoEX+lMsnDZnrLS/0hWKHI+IPVJHL0c1KcnShpaKdkgYJpaD/MOjxUwyqOx4hiT2brU8Q/ywvSCxS6W6BQuUChPWUf5uh9XqcooVVUJEKw5YMkCBAa1tOSvKByeUHEc7C9wj0aqRAv9k7aYMa7zLF0QFsnSweCpAPC6yAhsAGMbO/2nAqIJ1NQdjaiiHcXCBQ602hiswFfdDr6jMycYbDx4/BWd+b5ReEygYpOt/JmOg8bAl/4i5JYNycRYdE9Pr8o3O2+x3gu36PkIXm4IJVKmlvaUkfRQrsgzSGrA+Scy6fwRdweUfg7r6za24gR9jt+WkYbdTjB8pGAdlxEd0npPad430p1y/LxVpN1WmbaqsygrwkmKPwZmESWOWwHcQ3eJERzWXrcr/IOAsSCkhae4hZZxRoeKo2CRlA50MbI6DK+D/rNaKtYXrTBQRmIPRf58zx9bClyRyG8uS7gRMn081O8kY7g7JRDVsav/IMR38/w7pUtGi9SDuQiZcw9J1ifwsKlzYXLYWJVOH4izbX3+6kWfaprV9TMqApMzvgDmb6po4+SBWUUb5gFzjBTRG3Oi6QZG09kNmYKBRNSHBMYDuXM1Iw/TlcUIlEqH6CPpk+H9yvqikKvmeiCPLEWqAvy9AYgT5qPBXqgm6v6GDStNIs0O1SCLBI+kzVcHKyLgyMwrijzmwB4OyAf+a05Z8aakTCPdxMyEmedqFD8ga5Am2z39BuLX4w/uWQURB4vtmYFiyukieqTWTcjShAZxIeVmPQiRvyMjIrcSLG9v6RlteNkQ2pK8nupdlFwJtCKyTUpTiOi5kAhwN4fZGFh4RGdaniAwMSvO879UPTCqkwBIVbPJGUbuJ0ItAtHMZhNy+REHOA5MrSWKBVPP7QDNgW3Ys7Nz58XZKLV+RP8omkGtuxqc7bE97oZRVARX5QzdM/hA3QLh6Airu86P2gw6UUUfgohCkLSQ7DdKxhV/TQHDKDC5Nc2QDjwWnwTbgjFTgEITbyOXLuHSTEWtKDAsFVbsmGLcQbSsu+jP6QCnCM8aRrLGYkzp5LbhT+ohSMGUBRDMLf7cK4XAXY960tZks2kdEYGhS+JpkTBOpzrmUSuZxK5nkl09EzsvNKMf1uSYnFIRB8C3ZL3EzdEaDkv+ljZsmJHgxTEoMU8FTNiS6EGogliMKzyUIOQQe2TkxROwJjxZUg6gBqIxKQ8XZ/Ipz9wM5n1xcvg72NPD5FDMizhSDwV8sj86DEto3ZxLiseX8ncCLSiIOG5aZAZjjpN7ZQZfuImcwRPOCRYOIOk4/4Tttw/Ee7It8lezmgU2BGzNZQ5q5J5CaY6R4up5MknTfCwGVCQ0iiNaBIo77si2YklhEsJHUuNg4YowEtcR7xq8uOieGYlW4ufB5sgiTtl0HPEPYPtrcpGtirPMQ+PCVmuqdDZs2zPo90vzNEzUIM/moUaJyBNweAAMBCVSicHmQKYRljDYEI/5aMpvz8bNvYCtRR2WchZLGdRzR3pUiwEFESdjOIfuWw6uM502M/AIMmzICwYQvxUGBNW5zNZ5zNZtyyiT+jJTG4l7qOeCp8Q/YbMONoCQadYtSOZHpZU3yJeT5ZBc4gpO7GcBJnoTwNsusFJnE5B0EPbjL9Oh0ajkyQzd4Szop+aJ/+nvZf87R/DxjPTCFjGNfGXmNnxnK/s4nyj/yUXjYo7ZJwd+Uxn6A3yFBnITST9HU0CM94e4GAzneKYMvyIoBbzCUAiVZmDLjtVsD0E7tgFJxnhTkHVRJ4YXG/s9mKdqMTDRWVK5wi616/4fCSi569V17aVH4+eIRC6o7KVVocA7aJG0TTvt1Wm5VU+ua9qKXxuFStm2Fbh8rGWT9MbsXS23nqGhB2Rtmqr7qvMnC9ITp3n1PXNUXWIrkaao+og583xz0P8s4+y1zYRCp8S9vLPLkofbiIcMK6GKP4uZd3NP3dRuqVgvLgabALbQVl38M84pQ80AezAVT8BO6qYj4P+SAHWBK9v2qrbQFzAXfF6QlJaNj8LH15CxB+2xr0umrnBBXawLP1NTrc+fYjTxbAaYYdA497iJ8b9E3f4N4fVeg6nOazGvRWiTmLznV13n+2625vfqTZDRz+MziU46fox/RBfjY/pecnZW2iYKPXOMX3Up949qo751M+O6eM+dRfF+6fLfaPqtH9g75g+hWYMN5N+ZD1EgXLmZTO55pJQf1Q2k2svEa/jsplcR/I/YS0R5QMBqE/JjAINA9l3SjbTGxDRNQBSis1TRITWpiX3zGOLwtXjr8i64PjHtuReQFovp517bFHEQ/Bd8S4iZI0LAF4YgdoTqPwDKGwIrBXcUwWdQmCvoS+u0QOJZceSa31CnCS8VV5HCcD0TQOcsEnstYG1Y+pOG9gERzRkUIXPUYRihGliXKyaSkUjgXHvrMw4z7OItof5QjFWCewR30OHTxAN18Pq7oSwGJtEDSGmGDdJKpsSseYBRcMaadrQikYS2oGCVz9OtwhJ6jlK2+KdyfV0zkWyio/GCEns4bw7EpL1x5M+uEkNsCcvHecQkkx0VPJxexvSyHDo+qRGpzokomitrDXdrRYqiw+yV1idILHpCvIZxkYSkx4cgby8n2cv2yJlKmy9SQAzihQZ35S5XNWFXUFgMvwZbkFCoELMVB7VV0S2xpjSGh9cllsKETtfultR05F0BX7Wp7XsyNPXJR9ccUbSWa0kB7yWBd6Pr+OA+8QQIr5+WuF4o2+LJhuAPRPoWR0K7jaMwOlMQqMhYSOOsc2xia+zEXcAFIbpStyFad1JWyf15kobO0HXxkZZ0HThBuBb4fFtkphUfzrGQNOfkirYHHpJOnxSMvtzRPJpbQsyofR5yccQHoLT9bA6yFGNSaG/L13p/v0zdM7Q12RyI5Lm0tU0f26ERB/bXvc/ZvlIqFvh/vwZWnycgCjYYGHffobO8EGi5oMIVtiardnVtmJXNpstp1p8JsgQjr6gFUfu4wQbIhAzll9IsvlRtp8mlqXJkOR0iu0cbBI4GAInquDcCKgxn/JnK1LISjtGJ6jAVeSQ1fZ6EDxtV2E30Vj8DwFnhd2Etu37+FTUeEw9iZf7nMDkv77hhO1rENmjMzt40F0Q3xFwFQ5xDVB0HxetuOjruehVVHThVRXfEUHA2utCEOeSP6UIS5pPLspWNcu8dOYGsCjEGt7jFXJMD8CLleCTUmMKUKAHkgO6cmi6GH/6+WWRvWzo5fJVXqaVEDpBhKRBNOBtkJH4RvJgeQrrlA7E0/4EoYfY8USv0feR40lebsDlgppsEhw29Kwk4OA6cR+d8MQMOQB5wToxhzDvU3XhFNk1GdD65tfG2U/qwtfGORrXQxwYXuEH7hMvSSiAFyTHTTkBvEFpFIeHBO4dCvmOs0PAnBxDkhlVT+H3AmWBjrtLQv+T+D3mT6I5KpuuE9VeT5E4SN7d7OLKql0KUaZIAUSnppRtSJDbF2V2EILXadAWgDhdoLU2cC/KZhpe2uJAmCrxVlsGKDeEoFnJInLTsfEUDeYIxE8V7yEKH39ZOsyPgDeYg3QAIF0+RJs1Xd5HJ/MFdBzTEDqWzmP6Mtn6uAgJsP4NUHZdhz/X4s81+NPPqrV+H2gH++8QiRzDibUGx+2CuR60liUQOgDD9tgq5mkV8/RRaavoPiRjM+sBp9mD7B6vQyFDZJPZnPhh8pZhHcAQAgdh/ROPxFkDbDMYJC8cIC+xTXJWzKcV9JNLDlh3HA9FOWF+HCbpxNc34y+RWiElatqgUAmykdLJsA3E54AFIQAOtUFKB1sB6x8Co1S2qoH1CWoQsBBwG8lF2xl0sT1TFLWyIA7Qm3KIF7IWBHCO/90eHbb1oYyxjoixBqcDtVCFdT8VZtArGIB+oENxokfFBhu1xTFL2BQrtoyjPyo23Kg3oJI07yq24r7HHPUJyanH/e+znLuhSTOfkp7yv0c5C6z2k3wJtvqIz13wv/P+9xA9YYkvrzBfXmG+vMJ8ObIHiC+vMF9eYb4c6f3El1dI/QK+vMJ8eYX5cvq5k7IhLG3JTTh0LGrnnHHbtBUwM6AIuxhaRir4qpWYM0s57fsYwrzWy4ugD+v5eiAlrynPYBvyqL8D5ozyhAxwPkE/gaYnPcKHQrF41wDPjJC5wTTjX5JOBAXZ0kR0NgORPu8b3Ylz0U8IdzKj2mb8s176gv2gQVF/FAubeB+TTXXAWyOoHAVbJSQ3mbXvItin9yAYJcwW/AfSa8b0Bpb27+TzL7bYihtvJT2e4SQGjXz2q1YRD17yvazZEdNecxI9fIFMjZCMAApnjCEjwklCr5GKK72GjJ8clzukLa3mcU50RTgnuvJ6MWPDeBsdnSTo7PFe1lQRSsryVcxqZeJ2WMFOb0N3RWofOgCncMTPbkO19ECrqi8i5iuqQNUXIQJb9UflFBJtH9LidMXxdKVd8ZxdYfueg1Wvz1btSttXsPVtpPJX2r7jxbQ4itRhrludmEYc3Nt9tpC/+s8XxWdt8PQdQnz/D8Pf/OjHpjmaa+BL+6nx563Zk93CLGnNXoj+VWzVtKXX+TAKBPyo36yx+Zjn0hV3/MrT+O93bu+yY9q48Vzady+9H+IQvao1tu+5jTpGN/SBqlRBXNBTBj1Sv1kDzF61ZbsihwUvMaSmK+3KrPXnXz2Odwaex7FKK2zw/PHjaYAPB7Z8pbOV7m7YwPafBFNhDWxYffHTcqMemCAuMLBVsDRhNCGxCKu2n1B7a/Qwn4xCM/AFZUUer5DOzCzekm24F8a/Kp3fQkdGbQB28mY9kgbPbQT8kGxFNaA/a7QGmIFGL7xJGq6N+qxkzPx5+AxU6fRxV5S6qFbjYzBV0uUWnE4KGFyJhKK0mq+Car4Kqt2rwF4zoT5VV7YWL1BUh5wHI1AcLS88wBoxPAO0b7zZn6Q4RHH4jtMZmeRg+IJkEnQC0Q/x9ik+uIaucT7eor8+LunYXYXDLeMhOqbnuCSeQMFToYepV08W35CZNUl2tF8CI7KBbKbSVyKCtn08lSTWYvuihDvgIUZhFkMb5TPJqoLOjTAWVjRgvq54LiO6WQsSiEhG8vIPtPWigLxqF0KPAEBM23qmeolXBrbgexf/uoyiD6IZiIy9udumA7tlL0VioZMenSgEOYyiMVLODytR0NHGzxG9l94Dw/tndvuhfUQCpkD0s+1E0DHgCjLgChhwU52v8eNE9q3e07ByOoo+wGp9trayG57eatpcaQFsDSrHpixl9VY4B7xfycNkAFVkV07VhPokLMoT+pONLHrdSNOBm9eNJlTYQ1K2HamLaYuDrph8u7vssy9XlW6bw7le/ibhjmvW4pdh0I8RYQIjXmatfxlOUxYnkmDTLWMVjeAoEPctTazJMc0vPKUpFXzHUb4E3/Gkzz3ifxc4CwzHPF9CYfeO4twL/veHirLAVZznS3AQP+igQBLZudSdS9izfqDYjpezAIYQDZ4FqGb8BOf1kweVz6tk2jvOG6Ld2efBgXk+8B7M6AOs/AjLvmT1HT/X/xub/9efXbjdVogEYkMp2ayKb99uqz45LqgWnIUcUcIWJX8/rUzIRyb+hldR+dO2MiH+ia0sR2zDR7LU/+ui+PTszKTtkPE9vPGUsJF2Ouje/Ilz+RMgQgSyL63RYVotfiit3GWrqI1PKd89e6k6na/7q/MXxd22OiF+amaW4erv4WPVzv5KdqwaQZSUO0MJNQ4Rie/Rfk5XRErpikgpXflQCHClXsMlfisvscQlPs0lwrhdwQao6BRZemWIX/nR09krFX7lBx4n1f0G+R7oDWnkDXlYZVUWfcUaPZxWSPhdo21SsyV3VsFgEXFAEHrMWHqiNqHIEQEwqWPq0m9n2zrafXuk+3ZeMf74grSGHBS4DMs/xxX9iu9QZOYNTQrxV6OdhnRCPI5nFX0dN/B3hex2iiyDyLQT6pMcA8onUs+WkPW2AkNJl+cUPk2XbyrAG0roHhtx0oYxfU7x5ciYftNfDo/ps4o7hTabEpR6X5a+Z7PIXJc2vfmArGa2vEZvQE1hizpvMpX7K3QOhkFsLV9r6hD8mFkr3MuU6BaVC2H4EiDpE48SIlezay61+HT27nkDqA/F41hUZP8i57nxRDgZMQox5HiADTbakVG3wWa449ob+OiPIQuft+tFI9m2QfvF1999v+h+4Rvv/sJPMEUHmnvnjKtCnBhpWek2wmkqw1XHW/HorQSM8e5LUPsIDxbOcOPwJEZQYjr8jJ2ZbmOIcdgi4HJ22hzHVWKIEiMHjz1PztDAbk+T1LuZVJ65VVwXDs0Q9JEu3EjRX9rjRo4d9f7R1nAMoGy7Jvt1dELDBa4DSizom9ne7COYQXF8K+04w5w0REmQTckHmaTRwYIBj5AqbjDfDXIbzn0c/kMwyK0fJyUNsnQ3wPw+JKdzqiCfQhVVtZIXFFl1JS0M9u7Guoj5ahgON6Etn+RzoDdnzw6MgfWUPqjLGX8ZEvcmoWyJhxI2VJISJ2AUOniCgPNTrknO1MY1CI7x3aRdxY5ETCwrd6Q7p0g/vkaHBOQYIBaPIDVlPm+bMBV8iC8p7qHd8Vp1CklMyhIoXDKw5nu9MpycIRzHqUxljuKF2gUzMxXssE5no/FpJLgAZRBuIN4eRdFPiCzwOuahymLPE+Tmt3xQE4pvEl2xtIVOaY8ZXcYRrYdyEzdvsX7+bKRtJZ8s7LdlszBoyooskjbAJv1kmqDRLzq+ae+mBTjl+m7HNx1/yTsasZzvHd8yEd90/LOWurtVxrQtHgFaOYl1eUFOZqfqvqjSMsE2vWOV9o5V5PGmrYzvgvJOTMhP8RFvN+swlXsm64Z1zNjKKhnQVRMYMYJjKB2le46Sjqj4mEzlXtI2RDbEiXzlSRvO1hU/Nq867Gx8THrIXhkQigofe4lTnhW5ICx53Ep6AVuIZCQjvJZL2DbzQ2OFN+h7N7wAENGRglBBO/BJHNNrA1v5qOIT1TjuibAByck8Of9U6SDzifwHmgRiCabW8CQo8STowtQCWXAVTG3pyphacs4T8Ho06EiwnRjIYkemIVKOKEu/hKttYOBHIAVQz4I9zRY14SOu0p3lrDvLV+vOI6qA3dB/r868zIeUejHoLCVTpu9fYZUQ6JhOliudpCm/ZM7o5RpZ4kZqWyo0kr110EjvaJB5rl5tAUc30SZewNwqHzyLfAicjD8fRX8hOw65jHUpdtzyaBdWQb4rKuUKkBhtg5PxPwM3RGdIseKrMxEyoIxHyKDRMKmQV2IaUJ/YUqfPAt9d/rhe8ixCP3kw5T+C5sX/BZt3g4AbO80n7xvwyVQ0oDmBx9SNwsfsBSQ6RzznLNu1xCBN+fMUZPy5wMloMvoOO5ixDxNrljliNR9ePNnljpof9+Cd5b0TXgw0kR6ZUI+kekJ+mjackWZ8NwABGn4XpLjdQMafiDqbXnbtzR5JwTGts+A+9PSiwpaZ+Smhcezm8ineXT9LH/m+wGG0URS9p4OBNHxlXNFXbjNt+NcVuoCaGI+SmuVGz6IaPkPUh2tgb5pflMtkN4vZN1A2FP3sedpGgA5E1CdE23Wdl72nmJVo2VbBGGQ47G8ltrvCb10bcSxcOG6An9CQmtmLC016JyI2ywoMMqHXrsG3qQyBMpB1bRT1CzpJlPplTwO/9zSQSAk+UVp5D80b4c8AeFUG7oXvLAp3k3vlO4A7RoLe4eHyTmLxx6JoBSdmLkfPSE5aJ0QBkBzVUOe/QMEPiOhaKffTR8JExQlsDu+VVtBrGFja/UX8VRlhpnZ0baQvIwarLjw3Tv23jZRU/nBA6t7NWcjiFosrbmBfE5YTkjcmOZweCxyPMZohER5K29ddh81RtFKQLxGCJ9knJuQCBPDu7w+Sq+aJRUGR8bAKLnzb3wjOPP/tQubbnUzfvCUHAWVdynpDAEBXRr8wqK5rh4ctjsRmYgD5qcJiQ8SKT/LkwXTEtToAfndz0+l9hN3gQAYR+Up0XEgpPrR2vCl8gFAxCRmQ+unQA4BivCMFTJ5Vgo6kIQtTIRTRCFNciPdrI4DEISwSqqQfP3HSB9lZeJc790cCkQzlOqGSayjKZHIt8dXsXQCeko9rrzC7Ktwbzy2K+LPsBQKVYyrdRzgqYYBbd5HMQfKlifAJHqWFZBVYvgmTrILdEr6JmOsVBABExFHpXfoQvq1hTYNOY3N6XxrbPviUV2zVnaMD0NIaBQyxNVtxC8c5sPjy0UE1nxpRwykQGugmUv8NwMjeb/vca3h5v9UwJDvhCGqxKyX8y960x73B2RS1nRwQhA2a7xciXTVxUX6yXiMnhGJ6g9IhZKmu9EFKL9Gxc8X0Gyi9nHlE5uk3UnoIJ96u9NWUDg+NUle6pXSYOMtd6Qmle2MAN++z+PM59zJGr5lhxoAhA0xlYv0TdtXEpicW0oYdnLjliYV00N4wMfzEgr1xIn1iIb3Brp4YfGIhvdHaiWufWLDJRPzEQrpqYv5v9GMTw3h3fv6d8mMTA3w5f6H3sYnwiQW8Hh7xCfaGiYEj/NyCHZwYPkJv28bEhiMLCwtj+j5SswMI0etK7jXUs834NFdyNVu3Pe4tGhcXJgxzIteQrpHRrkJ5la68hs+rUl61K2/Q50WUF3Xl3eDzapRX68q70efVKa/elbfa5/VQXk9XnvV5vZTX25XHo6YJd8eDtoUQeYVBu4MHbfwf06B1DdeGpqu5FTRaP+TRiqml8TKjpVwf5fUtM1rKraC8FcuMlnIrKW/lMqOlXH/CnOTlo6XcNZR3zTKjpdy1lHftMqOl3HWUd90yo6VIUuLR2kBYx8JorefRGvnHOVpugPCMw023wg3QiC08R3QPgInLR0u466kXrl9mtIRbRXmrlhkt4RqU11hmtIQbpLzBZUZLuBso74ZlRku4GynvxmVGS7jVlLd6mdFi+ZZHa5gAm4XRGuLRsv9I1xYU80mJwF+hUxzHVdhSE1usNdhuF8aUqdWunv0ub1c9xLLGW7CNabt8ivfDiq0iwFkNmH13wu+/pI1IqEcHkjqg8zNJj1W21kx6gYzBYUadk1toXy7bnilaODEHE9cIFVG3Jfcyf6dse5upyfYz/K50F0lWMYV9F7/XUbqmY2OL6QOUbugE2WK6oXTGijhSpMQci+KpfBbUeBZA8r/O9c/ZlW7V3KwdcD1zs8CRzc1SxJt3yjMuPAg42kE+03MW2Ca/gTntTvCYUWTDMoLy0riVba2J49dIjeMEw6GoT6sEcHrrW1mfIr3lcUK22vTBKQQ7RBk+lRXHY9W9+5zpZn3Q6dTViHhRbqYr0RllWwfCeiV1iPsIuLRep7biaBnba8uNJDs3jutah89Y4Dm8rDsNem8l6/2Bo0jqdKj926LZpAC2tseVmklPftamRyLjVOR6kybbxPz/K8AR4ogNW216Nh6sIYWhUVsbdZ3HeL/GnypKJyXWpup86B9a1WpC/qrLaEJ3CnOyRfNZvjRxUdKCm1Ao+lonZxB5Y524H0OqgS3FqOp1okkDq9eJFo0tYISlfW5gZq4BiHKP0wcymKcZx2oAsrzi5g/PuGDWwb+JL21s+3Y0UviSBTMumMKRurjg47bKbuAAh5AhVjpG58RwV5vznR3amHn4Eg022Hhla5txJt6KyFYQdskz0pr0n109CbU3cduFXka6jJxxxv3wW55fz9f9Kqz0Ok9HJ5sogC5Vk85rxaVuwrSUv0Gf568QmahE/uBihMHHYYhJCWHwcd5SUiKgCyZ+iWpLhyjiGyVMjRIfwF0mT80OJaL6l6jmYxySr6u2oErnGVGyRg0kqyDI9Ds6pafPrpqwR06mFNI7orAGkV1Bkg66dAXeCCmizCqaFOaTmeKE9IkTTz67OH8OCDL3dY7AGzbdU8/6CLwrOg5SK6giJHKR0Gsj9q/rz4XGTGSUIupXcr9sxzoRcYKwIojRG6283MEOAm5HMWgASIm7U/qiX5M4gvYwBS8uKsrU5Yoy9bdUlOncfMC6VdgiTsYH3HzIgOpwkjUjtbhGCBDvcdCtOlMI/RF/LOql5uFoUpaR6Z4CHfF9j6CAV+QmAOANzE+HrIhfkVGVloaT8UegmVBQA0h08u1eleCrY9j5Fq3lIMdxE49mjrjYHzPHB0Rko8K8XueUxPczE56MV9D3+foG/j7i/34kqpAcGgeCXs58dqOPdvnPqyyYkODgPd7nm7VlJ3w8HuH+AF1PQUQhELs3EGBnIO77/5u7mhg5iiv8ZrxrbMY2jRPMj/l5GIJ37d2d7vnrmTUQBryYtb27xt61CQrZremumSlvd1W7qnp3h0sUiXBBnJJjokT5gSiQRFEiIZQc5pIIKckhSsQlxxxyCIegRIqQIjmu7p717GIDBqLQ0o7qVb169erVq++9munuTalfGgqtWwvfGn6x8pbVddNnGh+79sLhDvNW+vQ1hcnLS1/Pb96ECel9ALD1HoJc9kaLdOFGBz7z/Ac90Sivp1z2wOVXr6uc+S1im6+MfhQ3LegPt0cyzKvmWY3X81sUSMb+OPPcA83//Cx7cW3iBOl/4jK/eRdePLIHEs8tfHtkRkohidY0jDT1UQvUZJWiWOdUqi6LULTxbKw0rpEgprjeZQFFpnGdKGwJKcU69XkcBBgJxjWVGBGlUkEyVlpSL5aKrVGMFTWyCEfRukg9jT7V1DNjrneZ18V1EQc+BpQkfWOuSJsiCRhRjHeQ8UTc/MLy0rmZs/PNuZnZ+fPN07PHlxcXTs3MJx/LM8+cmT07c3zQ0jx7YmluZn4xVlR2Yqq0KUwSpViHUx+ZT7lmuqd6StPwGvVUrjGPYiQZ91hEgpivcrHOjRROQooi0kzwjVAth0wyP454JGmbSkn95QFTzNmlmC6bIoki5rdJELSIt7q0VciZE2ZaJPYHg59i3JQkmfRbkyTW3Ugo3ZFUXQoSUkifykNbOA6hkHhoG9+h3QDwRs6CUQD4dc6CB7NfAMzgSsTSo57wKUAOAPYAwAgA5AFgR1Ju/uiFPhTe3WdajQSCx5mKAtJDFkYBDSnXxOiPkupYGusRjtS4FMacbkTJAge9vbpLUYtVyg8rXOnfsoJeQFiITCEXGvtwQAXG1GbSG6g0kVoh0djfi61YI+V+SsL9m4KwS0xnnjiVqU0kKuxDJkXE2jS1RMx9NZ2wBJSbIfv7E6mmJmU1dbBfEt6h6eBZff/QQEra1hYSU0VF2wjr6C72wUobKfdvqNuudOVxpX/zCoZmh7Uo9uFIsos4CVIzTiM1NPUx5pISr0taAUWzZNPYh37efBalELo45RHZEUVJO0xp2Ssq6RUTfaY8STRVU0xMOo1Kw2vXvVqr2qpW3XaxRRStVSbtqVJpykm6UN5hnBY7lFNJguUolpFQtOgnbrKs4nabbUxJBUWzHb1itVG33ZpTo06blKoV2y1VWu0W8ZyK7zbcmu/SCinXa3YxYC1JZK/oCUmTgRKLFEMael356QjUshgZJJM8lfexrXJRTaqemrSnylOO7SZ92rGOJVXFiypin0RbEgTCG6jLeOcTanqD6/e/Gi0U/qdjFEnWl9eot0Vg0aeRKvpBmLCZ0aecdPRBnWHtJBggaYKfJBgCpAwvdJdos9NJICnxe0g3Imb2lZC4znSXcWRaoYk6uochkR3GzX5N2Ho4FhBNsdXD/kFU48fQ61JvNYGQNHygFwhvFfZNIOE+csp0l0rsV5ELiSm6I5EUFdXHzAdeRa4wCbpdilIEFA0uw+5UZYNLB7DV01RNYCgkNZPgCW8fDdLOGPzH2eNIPI8qlc3UIxxbFA5uCjEYS/DkhcVpE7kNcPbvQV/oSUUjYpbbx4hIPabGJxLeMjzkiai33JYiXE726TSmsSLDsQzExvpHx9EXNB0hJNrrok+VZjwNCtuYc+PwwHAgyBDbmCUBNz/BtoSvMWrBKQDwCwD7sqhk4s8BALgDAEwSehMA/BUs+BtY8A5YkM9ZcFfOgqM5C24BgN1ZFNufvAU/7X87AOwEgFLOgmbOgpM5C+ZyFiznLLiYs0DkLHgxZ8FegPf9FbbRFgC8Cdb7/n46VP4tWPAnsOClEQsWjE55APeKrAH9h1xKQzbHkWycPdD8wTf6UPjF/lw2mrGCybO0jGmbBIrmAJqPP3F85skTT82ePHV6bn7hzNNnzy0unb/wzJeeJS3Pp+1Ol11cDUIuoktS6XhtfaP3vO2UypVqza03Jpcv38j16OXLab/pYw8/MrgtOpffMTK686Zdu28u7Nm77xbr1v2f+/xtB26/487ksYfLdx28+55778P7Dz3w4BceOjw2fuToxORU0ahw+bNw0Y2It9qMaM18wXzm6170kbK4zZzvEy/C0eKNLcHlL97gIlz+rC9CMWSeFEq09VRIOOnQzRy4aMw/SMuzSkZVkUQRQR6HLSoJpmGUxP6gaACdcCRSkp5B2LRWSdqWVHWbetAVW1SvU8rRTiDbwTG64QWxOauMX2QmjdjkNDiINsaRQeoxg3WMe0HsM94ZR3uqmkaLOUVMQjrJaYdoc+LJeos2hiwImKKe4L7a9J0JjCM+ge/3tgkc8jccM9olXofrXcrRRLz1ZhTN+gbaFdXjiZiEQwVCK8U0VXObRr1AW5EUa8ynUp2nXtKJPU999AQ3R5xE16D37l4LDgLAP0cteBYAcjmAO81jEoQF6XEujf6xDDBNJnAYyyPSCwTxr3JHRKprsiBRSHBp8cnJOp48tzCfHQc9wo1hNQ2C7EB4Jj3JnHv6dBoZtcBAJCdBkuXzKwOLrWARV7YfrVays5VKWK/X+mFpg8kNTDZPMFZJfBokBGn+oBb4Igup0iSMNrN4gpqF5nCRaJmmjhOGDI3tuZfahUbC645vHf+wwmvIDYRYVRiwVZM/JE60XcwxE9gHww97G/xmhwUaAO4DgIcANunFLEJ+fdSCEADqWfuA/goATA3RJItDA5pmfQb0IwBweIg2t5rdO0Sf3Eaf2Uaf30YfzqWRcJi+dYh+D7a2vwdb21+G1H+9QKhYmsVYE6vUx80vJIJeghRtnUCBAQ5fiiiiPsCxK2flh7M5PQoAfxmx4DkAeAsAJoboX5k76bK4fJ3vPxYlSwnVlYyvmhLBgMgOleiRiHhM92B+p5XYY2JHuiaPD53Fn8hsOZNlCbuy+icB4MQVnZ4CgNnMvlbWZjKn01eyizkAmAeA8LnfvT1x5u/eRvOVC5cOvvTmbd/78lJl6aY/n9v4ydee/sf3/200lknGlu7faYwMROCjjyRQgUcxZHxZrFHZpcQH+M5OC44AwM9HUn2v1//hq/3JxjX6vzGS+tTwvBa2zd/YZWAoNCLagVg388psdneW2eWvXtD81w/7UNiVzyeS89B87ZU+FHJ5aP4xKeSg+c6g8PtX+1B4K2/btmOX7LJdsat2zXbtut1wbMdxSk7ZqThVp+a4Tt1plOySUyqVyqVKqVqqldxSvdQo22WnXCqXy5VytVwru+V6uVGxK06lVClXKpVqpVZxK/VKo2pXnWqpWq5WqtVqrepW69VGza45tVKtXKvUqrVaza3Vaw3Xdh235Jbdilt1a67r1t1G3a479VK9XK/Uq/Va3a3X642G3XAapUa5UWlUG7WG26g3Grn/8wXNt398JW8t5z/w2rHtGjEXNL/5Wh8Kz0yPpCv73QyhBvQLGUKcpe0nTJQYHOTCWJNW0Nv8NnJ7+6Aemu8Y+bnH0n+NWciN/Bc=",
    "base64",
  ),
);
const wasmModule = new WebAssembly.Module(wasmBytes);
let wasmInstance = new WebAssembly.Instance(wasmModule, __wbg_get_imports());
let wasm = wasmInstance.exports;
wasm.__wbindgen_start();
