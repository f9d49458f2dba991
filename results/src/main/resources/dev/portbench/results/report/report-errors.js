// Records every script error on the page itself, so a headless browser's DOM dump shows what went wrong.
(function () {
  var status = document.getElementById('report-status');
  var list = document.getElementById('report-errors');
  function record(message) {
    var item = document.createElement('li');
    item.textContent = String(message);
    list.appendChild(item);
    status.setAttribute('data-errors', String(list.children.length));
  }
  window.portbenchRecordError = record;
  window.addEventListener('error', function (e) {
    record((e.message || 'error') + (e.filename ? ' at ' + e.filename + ':' + e.lineno : ''));
  });
  window.addEventListener('unhandledrejection', function (e) { record('unhandled rejection: ' + e.reason); });
  // Chart.js reports some failures (no 2D context) with console.error and no exception.
  var consoleError = console.error;
  console.error = function () {
    record(Array.prototype.join.call(arguments, ' '));
    return consoleError.apply(console, arguments);
  };
})();
