import { App } from './ui/App';
import { mount } from './ui/mount';
import './ui/styles.css';

mount('index.html', <App />);
