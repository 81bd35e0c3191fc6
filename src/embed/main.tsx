import { mount } from '../ui/mount';
import { EmbedApp } from './EmbedApp';
import '../ui/styles.css';
import './embed.css';

// The app's service worker precaches this page too (see vite.config.ts).
mount('embed.html', <EmbedApp />);
