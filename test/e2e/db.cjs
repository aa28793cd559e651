// Reads rows from the end-to-end tests' SQLite file, read-only, with the
// sqlite3 module the caller passes (the installed extension's own, or the
// repo's), so the tests check what the product wrote with no help from it.
exports.readRows = function readRows(sqlite3, file, sql, params = []) {
	return new Promise((resolve, reject) => {
		const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (e) => {
			if (e) {
				reject(e);
				return;
			}
			db.all(sql, params, (err, rows) => {
				db.close();
				if (err) {
					reject(err);
				} else {
					resolve(rows);
				}
			});
		});
	});
};
