export { RequestErrorAlert } from './RequestErrorAlert';
