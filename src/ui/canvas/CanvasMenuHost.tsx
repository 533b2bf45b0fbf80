/** Mounts the lazy context menu (lab chunk) only while one is open. */
import { lazy, Suspense } from 'react';
import { useMenu } from '../lab/menuStore';

const FaultMenu = lazy(() => import('../lab/FaultMenu'));

export function CanvasMenuHost() {
  const open = useMenu((s) => s.target !== null);
  if (!open) return null;
  return (
    <Suspense fallback={null}>
      <FaultMenu />
    </Suspense>
  );
}
