// Progressive enhancement only: every page works without JavaScript.
document.addEventListener('DOMContentLoaded', function () {
  if (window.DKFDS && typeof window.DKFDS.init === 'function') window.DKFDS.init();
});

// On a phone the filter form would fill the first screen: fold it (it stays open without JavaScript).
document.addEventListener('DOMContentLoaded', function () {
  var filters = document.querySelector('details.filter-details');
  if (filters && window.matchMedia('(max-width: 767px)').matches) filters.removeAttribute('open');
});
