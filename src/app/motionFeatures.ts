// Loaded lazily by <LazyMotion>: the animation features are not needed for the first paint.
import { domAnimation } from 'framer-motion';
export default domAnimation;
