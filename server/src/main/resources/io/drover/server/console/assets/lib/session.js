// What the signed-in caller may do, from the server's own answer at sign-in (permissions by their
// x-permission wire names, and all_projects). Pages offer only the actions these allow: a viewer
// sees no create, power or delete button at all, rather than one the server would refuse.

let current = null;

export function set(session) {
  current = session;
}

export function get() {
  return current;
}

export function user() {
  return (current && current.user) || {};
}

export function holds(permission) {
  return Boolean(current) && Array.isArray(current.permissions) && current.permissions.includes(permission);
}

export function allProjects() {
  return Boolean(current) && current.all_projects === true;
}

/** Whether the caller holds permission for things in project (admins everywhere, others in theirs). */
export function may(permission, project) {
  if (!holds(permission)) return false;
  if (allProjects()) return true;
  return typeof project === 'string' && (user().projects || []).includes(project);
}

/** Whether the caller holds permission in at least one project. */
export function mayAnywhere(permission) {
  return holds(permission) && (allProjects() || (user().projects || []).length > 0);
}
