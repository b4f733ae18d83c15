export function AdminHome() {
  return (
    <>
      <h1>Admin console</h1>
      <p>Users and roles, offers and stock, orders, comments, statistics and the audit log live here.</p>
    </>
  );
}
