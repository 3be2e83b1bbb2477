export { createResidenceRegistrationHandler } from './residence-registration-handler';
