// The search page's map, as the script the city serves at /assets/opportunity-map.js. It runs only when
// JavaScript does (the list is the page without it), draws the pins from the page's JSON data block with
// the city's own Leaflet, and adds a tile layer only when the city's config names one. Vector circle
// markers, so no marker images are fetched. Plain ES5 for every browser Leaflet supports.
export const MAP_SCRIPT = `(function () {
  var box = document.getElementById('opportunity-map');
  var data = document.getElementById('opportunity-pins');
  if (!box || !data || typeof L === 'undefined') return;
  var pins = JSON.parse(data.textContent || '[]');
  box.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false });
  if (box.dataset.tiles) L.tileLayer(box.dataset.tiles, { attribution: box.dataset.attribution || '', maxZoom: 19 }).addTo(map);
  var bounds = [];
  pins.forEach(function (pin) {
    var marker = L.circleMarker([pin.lat, pin.lng], { radius: 9, weight: 2, color: '#1f2328', fillColor: '#ffffff', fillOpacity: 0.9 }).addTo(map);
    var link = document.createElement('a');
    link.href = pin.url;
    link.textContent = pin.title;
    var popup = document.createElement('div');
    popup.appendChild(link);
    if (pin.place) { var where = document.createElement('div'); where.textContent = pin.place; popup.appendChild(where); }
    marker.bindPopup(popup);
    bounds.push([pin.lat, pin.lng]);
  });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 15 });
  else map.setView(bounds[0] || [Number(box.dataset.lat), Number(box.dataset.lng)], 14);
})();
`;
