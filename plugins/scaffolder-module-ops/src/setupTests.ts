import '@testing-library/jest-dom';

// The scaffolder's Stepper scrolls to the top on every step; jsdom has no layout to scroll.
window.scrollTo = () => {};
