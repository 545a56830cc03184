// MongoDB init script of docker-compose.camunda.yml (mounted as /docker-entrypoint-initdb.d/10-dossier-app.js).
// The mongo image runs it once, on the first start with an empty data volume, with mongosh logged in
// as the root user and `db` = MONGO_INITDB_DATABASE ("dossiers"). Later starts skip it; on an existing
// volume run it by hand (it creates or updates the role and the user, so it may run again):
//   docker compose -f docker-compose.camunda.yml exec mongodb \
//     mongosh -u dossier -p --authenticationDatabase admin /docker-entrypoint-initdb.d/10-dossier-app.js
//
// The API and the workers log in as "dossier-app" (role "dossierApp"), never as root:
//  - every collection of "dossiers": read, insert, create (Mongoose creates its collections on
//    connect) and index (core/db.ts and the audit log create their indexes at start-up);
//  - update and delete only on the collections named in MUTABLE, so `audit_entries` (the hash-chained
//    audit log, core/repositories/audit.ts) is append-only for the application: find and insert,
//    nothing that changes or removes an entry, drops its indexes or the collection;
//  - nothing outside "dossiers", no user or role administration, no dropDatabase.
// A new collection of the application gets read/insert at once and must be added to MUTABLE (and the
// role updated with db.updateRole) before the application may update or delete in it.

const appPassword = process.env.MONGO_APP_PASSWORD;
if (!appPassword) throw new Error('MONGO_APP_PASSWORD is not set: the dossier-app user needs a password');

const dossiers = db.getSiblingDB('dossiers');
const APP_ROLE = 'dossierApp';
const APP_USER = 'dossier-app';
// collections whose documents the application updates or deletes (core/models, core/repositories/files.ts)
const MUTABLE = ['dossiers', 'sequences', 'warehouse_documents', 'files.files', 'files.chunks'];

const privileges = [
  {
    // "" = every (non-system) collection of the database, audit_entries included
    resource: { db: 'dossiers', collection: '' },
    actions: ['find', 'insert', 'createCollection', 'createIndex', 'listIndexes', 'listCollections', 'collStats', 'dbStats', 'killCursors'],
  },
  ...MUTABLE.map((collection) => ({
    resource: { db: 'dossiers', collection },
    actions: ['update', 'remove', 'dropIndex'],
  })),
];

if (dossiers.getRole(APP_ROLE)) {
  dossiers.updateRole(APP_ROLE, { privileges, roles: [] });
} else {
  dossiers.createRole({ role: APP_ROLE, privileges, roles: [] });
}

if (dossiers.getUser(APP_USER)) {
  dossiers.updateUser(APP_USER, { pwd: appPassword, roles: [{ role: APP_ROLE, db: 'dossiers' }] });
} else {
  dossiers.createUser({ user: APP_USER, pwd: appPassword, roles: [{ role: APP_ROLE, db: 'dossiers' }] });
}

print(`dossiers: role ${APP_ROLE} and user ${APP_USER} ready (update/delete on ${MUTABLE.join(', ')}; audit_entries find/insert only)`);
