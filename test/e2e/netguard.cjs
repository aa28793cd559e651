'use strict';
// Preloaded into code-server and its extension host (NODE_OPTIONS=--require)
// during the end-to-end run. Tests must work with no network but loopback:
// any other connection or name lookup fails at once with ENOTFOUND, as on a
// machine without a network, and is appended to $STEPWISE_NETGUARD_LOG, which
// the driver checks. Unix sockets and loopback addresses pass through.
const dns = require('dns');
const fs = require('fs');
const net = require('net');

const logFile = process.env.STEPWISE_NETGUARD_LOG;

function isLoopback(host) {
	const h = String(host).replace(/^\[|\]$/g, '').toLowerCase();
	return h === 'localhost' || h === '::1' || /^(::ffff:)?127\./.test(h);
}

function record(what, host, port) {
	const line = `${new Date().toISOString()} pid ${process.pid} ${what} ${host}`
		+ `${port === undefined ? '' : `:${port}`}\n`;
	if (logFile) {
		try {
			fs.appendFileSync(logFile, line);
		} catch {
			// The log folder is gone once the run is over; nothing to keep then.
		}
	}
}

function blockedError(host) {
	const err = new Error(`getaddrinfo ENOTFOUND ${host} (only loopback is allowed in e2e tests)`);
	err.code = 'ENOTFOUND';
	err.syscall = 'getaddrinfo';
	err.hostname = host;
	return err;
}

const lookup = dns.lookup;
dns.lookup = function guardedLookup(hostname, options, callback) {
	if (!isLoopback(hostname)) {
		record('lookup', hostname);
		const cb = typeof options === 'function' ? options : callback;
		process.nextTick(() => cb(blockedError(hostname)));
		return {};
	}
	return lookup.apply(this, arguments);
};

const promisesLookup = dns.promises.lookup;
dns.promises.lookup = function guardedPromisesLookup(hostname) {
	if (!isLoopback(hostname)) {
		record('lookup', hostname);
		return Promise.reject(blockedError(hostname));
	}
	return promisesLookup.apply(this, arguments);
};

/** The host and port a Socket#connect call aims at, or undefined for a unix socket. */
function target(args) {
	// Node passes its own normalized form, [options, callback], to connect().
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	if (first !== null && typeof first === 'object') {
		if (first.path !== undefined) {
			return undefined;
		}
		return { host: first.host ?? 'localhost', port: first.port };
	}
	if (typeof first === 'string' && !/^\d+$/.test(first)) {
		return undefined;
	}
	return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
	const t = target(args);
	if (t !== undefined && !isLoopback(t.host)) {
		record('connect', t.host, t.port);
		process.nextTick(() => this.destroy(blockedError(t.host)));
		return this;
	}
	return connect.apply(this, args);
};
