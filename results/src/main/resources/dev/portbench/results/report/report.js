// Draws the charts described in #report-data with Chart.js, then records in #report-status how many were drawn.
// A chart counts as drawn when Chart.js built it without an error and its canvas holds painted pixels.
(function () {
  var status = document.getElementById('report-status');
  var specs = JSON.parse(document.getElementById('report-data').textContent).charts;
  var palette = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7',
    '#9c755f', '#bab0ac'];
  // one colour per series label on the whole page: a backend or dtype looks the same everywhere (no prototype, so
  // a backend named "constructor" is just a name)
  var colours = Object.create(null);
  var rendered = 0;
  var markersDrawn = 0;

  function colourOf(label) {
    if (!(label in colours)) {
      colours[label] = palette[Object.keys(colours).length % palette.length];
    }
    return colours[label];
  }

  function format(value) {
    if (value === null || value === undefined) { return '-'; }
    var magnitude = Math.abs(value);
    return magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e9) ? value.toExponential(2)
      : Number(value.toPrecision(4)).toString();
  }

  // each change point: a dashed vertical line at the run its new level began, the line's name and change above it;
  // the canvas records how many it drew
  function changePoints(spec, canvas) {
    return {
      id: 'portbenchChangePoints',
      afterDatasetsDraw: function (chart) {
        var markers = spec.markers || [];
        var x = chart.scales.x;
        var area = chart.chartArea;
        var ctx = chart.ctx;
        var drawn = 0;
        ctx.save();
        markers.forEach(function (m) {
          var px = x.getPixelForValue(m.index);
          if (!isFinite(px)) { return; }
          ctx.strokeStyle = m.drop ? '#c0392b' : '#27ae60';
          ctx.fillStyle = ctx.strokeStyle;
          ctx.lineWidth = 1.5;
          ctx.setLineDash([4, 3]);
          ctx.beginPath();
          ctx.moveTo(px, area.top);
          ctx.lineTo(px, area.bottom);
          ctx.stroke();
          ctx.setLineDash([]);
          ctx.font = '11px sans-serif';
          var right = px > (area.left + area.right) / 2;
          ctx.textAlign = right ? 'right' : 'left';
          ctx.fillText(m.text, px + (right ? -3 : 3), area.top + 12 + 13 * (drawn % 3));
          drawn++;
        });
        ctx.restore();
        canvas.setAttribute('data-markers-drawn', String(drawn));
      }
    };
  }

  function config(spec, canvas) {
    return {
      type: spec.kind,
      plugins: [changePoints(spec, canvas)],
      data: {
        labels: spec.labels,
        datasets: spec.series.map(function (s) {
          var colour = colourOf(s.label);
          return { label: s.label, data: s.values, errors: s.errors, backgroundColor: colour, borderColor: colour,
            spanGaps: false, pointRadius: 3 };
        })
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          title: { display: true, text: spec.title },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                var error = ctx.dataset.errors[ctx.dataIndex];
                return ctx.dataset.label + ': ' + format(ctx.raw) + (error ? ' ± ' + format(error) : '') + ' '
                  + spec.yTitle;
              }
            }
          }
        },
        scales: {
          y: { type: spec.logY ? 'logarithmic' : 'linear', beginAtZero: !spec.logY,
            min: spec.yMin === null ? undefined : spec.yMin,
            title: { display: true, text: spec.yTitle + (spec.logY ? ' (log scale)' : '') } }
        }
      }
    };
  }

  function painted(canvas) {
    if (!canvas.width || !canvas.height) { return false; }
    var pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    for (var i = 3; i < pixels.length; i += 4) {
      if (pixels[i] !== 0) { return true; }
    }
    return false;
  }

  specs.forEach(function (spec) {
    var canvas = document.getElementById(spec.id);
    try {
      if (!canvas) { throw new Error('no canvas with id ' + spec.id); }
      new Chart(canvas, config(spec, canvas));
      if (painted(canvas)) {
        canvas.setAttribute('data-rendered', 'true');
        rendered++;
        markersDrawn += Number(canvas.getAttribute('data-markers-drawn') || 0);
      } else {
        window.portbenchRecordError('chart ' + spec.id + ' painted nothing');
      }
    } catch (e) {
      window.portbenchRecordError('chart ' + spec.id + ': ' + e.message);
    }
  });
  status.setAttribute('data-charts-rendered', String(rendered));
  status.setAttribute('data-markers-drawn', String(markersDrawn));
  status.setAttribute('data-state', 'done');
  var errors = Number(status.getAttribute('data-errors'));
  status.textContent = rendered + ' of ' + specs.length + ' charts drawn, ' + errors + ' script errors';
})();
