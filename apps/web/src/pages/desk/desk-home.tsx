export function DeskHome() {
  return (
    <>
      <h1>Order desk</h1>
      <p>Orders that need a payment check or a delivery are listed here, oldest first.</p>
    </>
  );
}
