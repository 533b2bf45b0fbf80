/** Mounts the lazy context menu and the deploy dialog it opens (lab chunk) only while open. */
import { lazy, Suspense } from 'react';
import { useMenu } from '../lab/menuStore';

const FaultMenu = lazy(() => import('../lab/FaultMenu'));
const DeployDialog = lazy(() => import('../lab/DeployDialog'));

export function CanvasMenuHost() {
  const open = useMenu((s) => s.target !== null);
  const deploy = useMenu((s) => s.deploy);
  if (!open && deploy === null) return null;
  return (
    <Suspense fallback={null}>
      {open && <FaultMenu />}
      {deploy !== null && <DeployDialog service={deploy} />}
    </Suspense>
  );
}
